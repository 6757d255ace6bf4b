"""openfiu: open-source financial intelligence for countering the financing of terrorism.

Public entry points::

    from openfiu.screening import Screener
    from openfiu.names import compare_names
"""

__version__ = "0.1.0"
