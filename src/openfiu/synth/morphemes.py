"""Syllables, roots and endings from which invented surnames and company names are built.

Real surname lists have a short head of very common names and a long tail of rare ones.
The head comes from :mod:`openfiu.synth.name_tables`; the tail is built here from pieces
that sound like each culture's names (Tajik -zoda/-ov, Arabic al-…-i nisbas on triliteral
patterns, Pashtun -zai/-khel, Russian -ov/-enko/-in, Uzbek -boyev, Kazakh -uly …), so
that a million invented persons have hundreds of thousands of different surnames. The
combinations are invented; none is meant to name a real family.

Tables are compact strings: ``|``-separated, ``Latin=script`` where a script form exists.
"""

from __future__ import annotations

from typing import Final

from openfiu.synth.name_tables import _pairs, _words

# --- Central Asian (Latin passport style): root = head [+ mid] + tail --------------------------

CA_HEADS: Final = _words("""
Abd|Ak|Al|Am|As|Ash|Az|Bah|Bak|Bar|Bo|Bob|Dav|Dil|Do|Du|Er|Fa|Far|Fay|Gaf|Gul|Ha|Hak|Ham
Has|Hu|Hur|Is|Ja|Jal|Jo|Ju|Ka|Kam|Kar|Kho|Khu|Ko|Ku|Ma|Mah|Man|Mir|Mu|Na|Naz|Ni|Nu|Nur|Or
Pa|Par|Qa|Qo|Qu|Ra|Rah|Ro|Ru|Sa|Saf|Sai|Sha|Sham|Sher|Sho|Si|So|Su|Sul|Ta|Tal|To|Tu|Tur|Um
Va|Vo|Ya|Yo|Yu|Za|Zar|Zo|Zu|Beg|Chor|Dzhu|Gha|Ghu|Lat|Lo|Mo|Ne|Pul|Qan|Rus|Sob|Tem|Uk|Xo
""")
CA_MIDS: Final = _words("""
ba|da|di|do|ga|ha|ja|ka|ki|la|li|lo|ma|mi|mo|na|ni|no|qa|ra|ri|ro|sa|si|ta|ti|to|va|za|zi
bi|bu|du|fa|fi|gu|hi|hu|ju|ku|lu|mu|nu|qi|ru|su|tu|vi|yo|zu
""")
CA_TAILS: Final = _words("""
bek|bod|bur|dal|dar|dor|fur|gir|hon|jon|kim|lim|lon|mat|mad|mon|mur|nat|qul|qur|rad|ram|rat
rif|rob|rod|ron|sar|sid|sim|son|tor|vol|zim|zod|bar|dim|gul|hid|jid|kar|lat|lib|lil|mid|mil
min|mir|nab|nar|nob|nor|qil|qim|rab|rag|ril|sab|sal|sam|sat|sil|sur|tab|tam|tiq|vid|yor|zar
zim|ziz|mol|bay|dil|yar|nazar|murod|boy|qobil|rasul|shod
""")
TAJIK_ENDINGS: Final = _words("ov|ov|ov|ev|zoda|zoda|zoda|zod|i|iyon|pur|far|on")
UZBEK_ENDINGS: Final = _words("ov|ov|ov|ev|boyev|bekov|qulov|jonov|khojayev|murodov")
KYRGYZ_KAZAKH_ENDINGS: Final = _words(
    "ov|ov|ev|bekov|baev|tayev|kulov|uly|bayev|aliev|ov|ev|bekov|baev|tayev|kulov|bayev|ov"
)

# --- Arabic: triliteral roots in noun patterns, as nisbas (al-…-i) or plain ------------------

ARABIC_CONSONANTS: Final = _pairs("""
b=ب|t=ت|th=ث|j=ج|h=ح|kh=خ|d=د|dh=ذ|r=ر|z=ز|s=س|sh=ش|s=ص|d=ض|t=ط|gh=غ|f=ف|q=ق|k=ك|l=ل
m=م|n=ن|h=ه|w=و|y=ي|z=ظ
""")
ARABIC_PATTERNS: Final = _pairs("""
1a2i3=12ي3|1a2a3=123|1a2a3=12ا3|1u2ay3=12ي3|ma12u3=م12و3|1a2u3=12و3|1i2a3=12ا3
1a2a3an=123ان|mu1a22i3=م123|1a2aw3=12و3|1u2a3=12ا3|mi12a3=م12ا3|ta1a2u3=ت123|1a23a4=1234|1u23u4=123و4
mu1a2a3=م123|1a23an=123ان|1u2ayli3=12يل3
""")
"""Noun patterns with root slots 1–4 (Latin vowels; the Arabic form writes long ones)."""
ARABIC_NISBA_ENDINGS: Final = _pairs("i=ي|i=ي|i=ي|awi=اوي|ani=اني")

# --- Persian and Afghan (Dari/Pashto): syllable pairs with their Arabic-script spelling ------

PERSIAN_SYLLABLES: Final = _pairs("""
Ab=آب|Ar=ار|Bah=به|Bar=بر|Dar=در|Del=دل|Far=فر|Gol=گل|Jah=جه|Kam=کم|Kar=کر|Khor=خر
Mah=مه|Mir=میر|Nik=نیک|Nav=نو|Par=پر|Ros=رس|Sar=سر|Sha=شا|Shir=شیر|Tah=ته|Zar=زر|Baz=باز
Bor=بر|Dad=داد|Gor=گر|Jam=جم|Kho=خو|Lal=لعل|Mas=مس|Nam=نام|Pur=پور|Rah=راه|Sam=سام|Tur=تور
Vah=وه|Yar=یار|Zam=زم|Asl=اصل|Ros=روس|Bak=بک|Gan=گن|Has=حس|Kal=کل|Nas=نس|Pas=پس|Tab=تب
Ahan=آهن|Bam=بم|Chah=چاه|Dast=دست|Elm=علم|Fir=فیر|Ganj=گنج|Hir=هیر|Jav=جو|Kuh=کوه|Lash=لش
Mal=مال|Nar=نار|Om=ام|Pay=پای|Qal=قل|Rud=رود|Sep=سپ|Shab=شب|Tir=تیر|Vaz=وز|Zan=زن|Zol=زل
Gul=گل|Khan=خان|Mam=مم|Pir=پیر|Shah=شاه|Wak=وک|Zmar=زمر|Tor=تور|Spin=سپین|Lar=لر|Zor=زور
""")
PERSIAN_SECONDS: Final = _pairs("""
an=ان|am=م|ad=د|ab=ب|ar=ر|ir=یر|ush=وش|and=ند|ang=نگ|avi=وی|abad=آباد|dust=دوست|vand=وند
naz=ناز|bakht=بخت|dar=دار|gar=گر|jan=جان|mand=مند|nur=نور|pan=پن|shan=شان|var=ور|zad=زاد
ian=یان|oz=وز|ez=ز|un=ون|esh=ش|ani=انی|bin=بین|del=دل|gol=گل|kar=کار|mehr=مهر|ram=رام
bar=بار|baz=باز|dan=دان|fam=فام|gah=گاه|gir=گیر|jou=جو|kam=کام|khah=خواه|lal=لال|mir=میر
nam=نام|pur=پور|rez=ریز|sab=ساب|sir=سیر|tash=تاش|vaz=واز|yab=یاب|zeb=زیب|zan=زن|al=ال
""")
PERSIAN_ENDINGS: Final = _pairs("""
i=ی|i=ی|i=ی|zadeh=\u200cزاده|pour=\u200cپور|nia=\u200cنیا|far=\u200cفر|nejad=\u200cنژاد
an=ان|lou=لو|vand=وند|
""")
AFGHAN_ENDINGS: Final = _pairs("""
zai=زی|zai=زی|zai=زی|khel=خیل|khel=خیل|i=ی|i=ی|yar=یار|wal=وال|zada=زاده|
""")

# --- Russian: Cyrillic stems + middle + ending ------------------------------------------------

RUSSIAN_HEADS: Final = _words("""
Бел|Бор|Вер|Вол|Гор|Гриш|Дуб|Ел|Жук|Зар|Зел|Кол|Кос|Кот|Кра|Круг|Кул|Лап|Лис|Лук|Мал
Мед|Мир|Мол|Нос|Ор|Пал|Пес|Пол|Рыб|Сав|Сел|Сок|Сом|Тар|Тих|Топ|Фил|Хром|Чер|Шап|Шил|Щег|Яр
Бар|Бук|Вар|Глад|Гус|Дор|Ерш|Жар|Зуб|Каб|Клим|Ков|Лаз|Лоб|Мас|Миш|Нож|Ось|Пет|Пуш|Рог
Руд|Саб|Стар|Сух|Тер|Трух|Уш|Хол|Цвет|Чуд|Шум|Юр|Быч|Вяз|Гром|Дем|Жил|Кир|Лет|Мох|Пан
Бах|Вет|Гал|Гуд|Дер|Жев|Зим|Кал|Кир|Кор|Лоп|Луг|Мак|Мур|Нар|Пих|Рас|Рем|Сер|Скор|Тол|Троф
Фед|Хар|Чес|Шев|Шуг|Яс|Бур|Вих|Гер|Дол|Ерм|Жит|Ков|Лав|Мит|Осип|Пуд|Сам|Том|Уд|Хват|Чаш
Абр|Анд|Баш|Бред|Бык|Вед|Вин|Влас|Гвозд|Глин|Греб|Дрозд|Дюж|Звяг|Зыр|Карп|Клюк|Кнор|Кром
Кузм|Лепт|Лыс|Мамон|Мерк|Мыз|Набок|Овч|Пест|Плот|Прох|Рыж|Свир|Скряб|Слеп|Смол|Стрел|Сыч
Таш|Толст|Треп|Тюр|Убог|Фом|Хлеб|Хмел|Цыг|Черн|Шарап|Шмел|Щерб|Юд|Ягуж|Ясн|Жбан|Дягт
""")
RUSSIAN_MIDS: Final = _words("""
ак|ал|ан|ар|ат|ач|ен|ик|ил|ин|ич|ок|ол|он|ош|ун|ур|ус|ых|ут|ыш|ец|ень|ял|ов|ищ|уг|ям|ев
ей|ун|ор|ер|ел|ур|ад|ид|ыг|ег|ав|ит
""")
RUSSIAN_ENDINGS: Final = _words("ов|ов|ов|ов|ин|ин|енко|ский|ук|ых|цев|ников")

# --- Companies ------------------------------------------------------------------------------

BRAND_HEADS: Final = _words("""
Al|Ar|As|Ban|Bel|Cor|Dar|Del|Ecl|Fal|Gal|Gen|Hel|Ir|Kar|Lum|Mar|Mer|Nov|Or|Pan|Quan|Ral|Sar
Sol|Tal|Tel|Ter|Tri|Val|Ver|Vol|Zar|Zen|Ax|Bor|Cas|Dor|Ev|Fer|Gor|Har|Iv|Jen|Kor|Len|Mon|Nex
Opt|Pol|Rex|Sil|Tor|Ul|Vin|Xan|Yor|Zol|Ast|Bri|Cen|Dyn|Eur|Flex|Glob|Hyd|Int|Kin|Lex|Met
Neo|Omn|Pro|Rad|Sig|Tek|Uni|Vis|Zet|Amir|Baraka|Nur|Pamir|Sahar|Tiz|Ruz|Sitor|Kohi|Zamin
""")
BRAND_MIDS: Final = _words("""
a|e|i|o|u|ar|el|en|er|in|on|or|an|ix|is|os|us|ad|id|al|am|ov|ex|ir|ur|ab|ol
""")
BRAND_TAILS: Final = _words("""
ba|con|dex|dia|gen|ion|ka|lex|lia|lis|lon|max|mira|nex|nia|nova|nor|ra|rex|ria|ron|sa|sis
sol|tan|tec|tex|tis|tra|vex|via|vo|wave|za|zon|line|link|port|stan|gaz|trans|trade|invest
com|mash|stroy|neft|tek|med|agro|ex|oil|star|net|fin|way|gate|tron|gold|pharm|chem|soft
""")
ORG_WORDS: Final = _words("""
Global|International|Eastern|Northern|Southern|Western|Central|United|Royal|Golden|Silver
Green|Blue|Red|White|Star|Crescent|Prime|First|New|Modern|Grand|Great|Universal|Pacific
Atlantic|Caspian|Asian|Eurasian|Continental|Federal|National|Regional|Metro|Ocean|Desert
Mountain|River|Valley|Sun|Moon|Falcon|Eagle|Lion|Cedar|Palm|Oasis|Horizon|Summit|Bridge
Harbor|Gateway|Crown|Pearl|Diamond|Emerald|Sapphire|Amber|Orient|Phoenix|Delta|Alpha|Omega
""")
ORG_ACTIVITIES: Final = _words("""
Trading|Exchange|Transport|Construction|Logistics|Import-Export|Money Transfer|Petroleum
Textile|Agro|Charity|Relief|Foundation|Travel|Cargo|Jewellery|Pharmaceuticals|Auto Parts
Telecom|Mining|Cement|Food Products|Gold|Real Estate|Hawala|Shipping|Marine|Aviation
Energy|Oil and Gas|Investments|Capital|Finance|Holdings|Industries|Engineering|Technologies
Electronics|Chemicals|Metals|Steel|Timber|Fisheries|Tobacco|Electric|Security|Consulting
Development|Resources|Commodities|Supply|Services|Tankers|Navigation|Airlines|Media
""")
ORG_FORMS: Final = _words("""
LLC|Ltd|Ltd|LLC|Company|Co.|Group|Establishment|Enterprises|Holding|Limited|Inc.|JSC|PJSC
FZE|FZCO|FZ-LLC|GmbH|LLP|S.A.|S.A.R.L.|Corp.|Co. Ltd|Trading Est.|OOO|TOO|AG|Pte Ltd|DMCC
""")
RUSSIAN_ORG_STEMS: Final = _words("""
Строй|Транс|Нефть|Газ|Инвест|Торг|Пром|Агро|Мет|Снаб|Энерго|Тех|Фарм|Хим|Лес|Рыб|Авто
Маш|Сиб|Урал|Волга|Даль|Росс|Север|Юг|Восток|Запад|Кам|Мед|Капитал|Финанс|Трейд|Логист
""")
RUSSIAN_ORG_FORMS: Final = _words("ООО|ООО|ООО|АО|ЗАО|ПАО|ОАО|ТОО|ОсОО|ЧП|ГУП")
ARABIC_ORG_WORDS: Final = _pairs("""
Nur=النور|Amal=الأمل|Salam=السلام|Fajr=الفجر|Hilal=الهلال|Rahma=الرحمة|Wafa=الوفاء
Baraka=البركة|Furat=الفرات|Nil=النيل|Sharq=الشرق|Khalij=الخليج|Ikhlas=الإخلاص|Tawhid=التوحيد
Aqsa=الأقصى|Quds=القدس|Haramain=الحرمين|Najah=النجاح|Itqan=الإتقان|Wadi=الوادي|Jazira=الجزيرة
Safa=الصفا|Marwa=المروة|Rawda=الروضة|Yamama=اليمامة|Bayan=البيان|Fadl=الفضل|Karama=الكرامة
""")
ARABIC_ORG_KINDS: Final = _pairs("""
Trading Est.=مؤسسة التجارة|Company=شركة|Exchange=صرافة|Charitable Society=جمعية خيرية
Foundation=مؤسسة|Group=مجموعة|Transport Co.=شركة النقل|Contracting=مقاولات
""")
