"""Common given names and surnames of the region's name cultures, for synthetic persons.

Only common names, combined at random by :mod:`openfiu.synth.people`; no entry describes
a real person. Arabic-script forms are given where the culture writes names in that script;
Cyrillic forms are derived (:mod:`openfiu.synth.variants`) except for Russian names, which
are written in Cyrillic and romanised as Russian passports do.

Tables are compact strings: ``Latin=Arabic`` pairs separated by ``|``.
"""

from __future__ import annotations

from typing import Final


def _pairs(table: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for item in table.replace("\n", "|").split("|"):
        item = item.strip()
        if item:
            latin, _, arabic = item.partition("=")
            out.append((latin.strip(), arabic.strip()))
    return tuple(out)


def _words(table: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in table.replace("\n", "|").split("|") if w.strip())


ARABIC_MALE: Final = _pairs("""
Ahmad=أحمد|Muhammad=محمد|Mahmud=محمود|Khalid=خالد|Omar=عمر|Yusuf=يوسف|Ibrahim=إبراهيم
Hasan=حسن|Husayn=حسين|Ali=علي|Mustafa=مصطفى|Tariq=طارق|Walid=وليد|Samir=سمير|Karim=كريم
Nabil=نبيل|Faisal=فيصل|Hamza=حمزة|Bilal=بلال|Salim=سالم|Rashid=رشيد|Majid=ماجد|Jamal=جمال
Adil=عادل|Hisham=هشام|Zayd=زيد|Anas=أنس|Yasin=ياسين|Abd al-Rahman=عبد الرحمن
Abd al-Aziz=عبد العزيز|Abdullah=عبد الله|Sami=سامي|Ziyad=زياد|Nasir=ناصر|Marwan=مروان
Imad=عماد|Ayman=أيمن|Ismail=إسماعيل|Sulayman=سليمان|Uthman=عثمان|Yahya=يحيى|Musa=موسى
""")
ARABIC_FEMALE: Final = _pairs("""
Fatima=فاطمة|Aisha=عائشة|Maryam=مريم|Zaynab=زينب|Khadija=خديجة|Amina=أمينة|Layla=ليلى
Huda=هدى|Nur=نور|Salma=سلمى|Rania=رانيا|Samira=سميرة|Asma=أسماء|Dalia=داليا|Yasmin=ياسمين
Hanan=حنان|Rim=ريم|Sana=سناء|Lubna=لبنى|Mona=منى
""")
ARABIC_FAMILY: Final = _pairs("""
al-Hashimi=الهاشمي|al-Tamimi=التميمي|al-Khatib=الخطيب|al-Masri=المصري|al-Najjar=النجار
al-Haddad=الحداد|al-Jaburi=الجبوري|al-Shammari=الشمري|al-Dulaymi=الدليمي|al-Qahtani=القحطاني
al-Ansari=الأنصاري|al-Saadi=السعدي|al-Khalidi=الخالدي|al-Rawi=الراوي|al-Ubaydi=العبيدي
Mansur=منصور|Hamdan=حمدان|Salih=صالح|Darwish=درويش|al-Amiri=العامري|al-Zubaydi=الزبيدي
al-Harbi=الحربي|al-Mutayri=المطيري|Abu Zayd=أبو زيد|al-Hakim=الحكيم|Sharif=شريف
""")

AFGHAN_MALE: Final = _pairs("""
Abdul Wahid=عبدالواحد|Abdul Ghani=عبدالغنی|Abdul Qadir=عبدالقادر|Gul Ahmad=گل احمد
Sher Ali=شیر علی|Nur Muhammad=نور محمد|Ghulam Haidar=غلام حیدر|Rahmatullah=رحمت‌الله
Habibullah=حبیب‌الله|Zabihullah=ذبیح‌الله|Najibullah=نجیب‌الله|Amanullah=امان‌الله
Hamidullah=حمیدالله|Ahmad Shah=احمد شاه|Wahid=وحید|Farid=فرید|Jawed=جاوید|Nawid=نوید
Zalmai=زلمی|Bashir=بشیر|Nasir=ناصر|Samiullah=سمیع‌الله|Karimullah=کریم‌الله|Mirwais=میرویس
Shafiq=شفیق|Khalil=خلیل|Rahim=رحیم|Qadir=قادر|Hekmat=حکمت|Asadullah=اسدالله|Ajmal=اجمل
""")
AFGHAN_FEMALE: Final = _pairs("""
Fatima=فاطمه|Zarghuna=زرغونه|Malalai=ملالی|Shabnam=شبنم|Farida=فریده|Nadia=نادیه
Mariam=مریم|Parwin=پروین|Nargis=نرگس|Sabira=صابره|Zainab=زینب|Freshta=فرشته|Hasina=حسینه
Lailuma=لیلما|Marzia=مرضیه|Shukria=شکریه
""")
AFGHAN_FAMILY: Final = _pairs("""
Ahmadzai=احمدزی|Yusufzai=یوسفزی|Popalzai=پوپلزی|Barakzai=بارکزی|Achakzai=اچکزی|Alizai=علیزی
Noorzai=نورزی|Mohmand=مهمند|Afridi=آفریدی|Khattak=خټک|Wardak=وردک|Safi=صافی
Sulaimankhel=سلیمانخیل|Ahmadi=احمدی|Hakimi=حکیمی|Rahimi=رحیمی|Sultani=سلطانی|Amiri=امیری
Niazi=نیازی|Karimi=کریمی|Noori=نوری|Hotak=هوتک|Durrani=درانی|Sadat=سادات|Habibi=حبیبی
""")

PERSIAN_MALE: Final = _pairs("""
Ali=علی|Reza=رضا|Hossein=حسین|Mehdi=مهدی|Mohammad=محمد|Amir=امیر|Hamid=حمید|Saeed=سعید
Majid=مجید|Behrouz=بهروز|Dariush=داریوش|Farhad=فرهاد|Kourosh=کوروش|Mehran=مهران|Babak=بابک
Hassan=حسن|Mostafa=مصطفی|Javad=جواد|Ahmad=احمد|Omid=امید|Navid=نوید|Peyman=پیمان|Arash=آرش
Siamak=سیامک|Morteza=مرتضی|Abbas=عباس|Gholamreza=غلامرضا|Mohsen=محسن|Ebrahim=ابراهیم
""")
PERSIAN_FEMALE: Final = _pairs("""
Maryam=مریم|Zahra=زهرا|Fatemeh=فاطمه|Sara=سارا|Leila=لیلا|Narges=نرگس|Shirin=شیرین
Parisa=پریسا|Mina=مینا|Nasrin=نسرین|Azadeh=آزاده|Roya=رویا|Elham=الهام|Mahnaz=مهناز
Shabnam=شبنم|Somayeh=سمیه
""")
PERSIAN_FAMILY: Final = _pairs("""
Hosseini=حسینی|Rezaei=رضایی|Mohammadi=محمدی|Ahmadi=احمدی|Karimi=کریمی|Jafari=جعفری
Rahimi=رحیمی|Moradi=مرادی|Sadeghi=صادقی|Ghorbani=قربانی|Rostami=رستمی|Kazemi=کاظمی
Hashemi=هاشمی|Karimzadeh=کریم‌زاده|Ahmadpour=احمدپور|Rahimzadeh=رحیم‌زاده|Alizadeh=علی‌زاده
Nouri=نوری|Shahbazi=شهبازی|Tehrani=تهرانی|Shirazi=شیرازی|Esfahani=اصفهانی|Mousavi=موسوی
Najafi=نجفی|Yazdani=یزدانی|Ebrahimi=ابراهیمی|Farahani=فراهانی|Ghasemi=قاسمی
""")

# Central Asian names in the ASCII style of Latin passport fields (j, kh, h, q, gh).
TAJIK_MALE: Final = _words("""
Jamshed|Firuz|Farrukh|Bahodur|Sherali|Rustam|Davlat|Umed|Parviz|Faridun|Jumakhon|Nurali
Khurshed|Shuhrat|Dilshod|Komron|Suhrob|Behruz|Zafar|Abdurahmon|Abdujabbor|Abdulloh|Saidali
Ismoil|Ibrohim|Yusuf|Qurbon|Rahmatullo|Sirojiddin|Jaloliddin|Nasriddin|Safarali|Hasan
Mahmadali|Nurullo|Amonullo|Orzu|Sino|Karim|Alisher|Shamsiddin|Hikmatullo
""")
TAJIK_FEMALE: Final = _words("""
Zarina|Nigina|Madina|Shahnoza|Farangis|Gulnora|Manizha|Dilnoza|Mehrangez|Tahmina|Sitora
Nilufar|Muhabbat|Zulfiya|Nodira|Parvina|Firuza|Gulchehra|Mavjuda|Sabohat
""")
TAJIK_FAMILY_OLD: Final = _words("""
Rahimov|Karimov|Halimov|Qodirov|Nazarov|Safarov|Saidov|Rahmonov|Sharipov|Odinaev|Boboev
Mirzoev|Davlatov|Ismoilov|Qurbonov|Sultonov|Hakimov|Nabiev|Ashurov|Jumaev|Kholov|Yusufov
Salimov|Gafurov|Sangov|Nurov|Hamidov
""")
TAJIK_FAMILY_NEW: Final = _words("""
Rahimzoda|Qodirzoda|Karimzoda|Safarzoda|Davlatzoda|Nazarzoda|Sharifi|Mirzozoda|Bobozoda
Ashurzoda|Hakimzoda|Jumazoda|Nurzod|Saidi|Qurbonzoda
""")

UZBEK_MALE: Final = _words("""
Akmal|Aziz|Bakhtiyor|Bobur|Dilshod|Eldor|Farkhod|Jasur|Jakhongir|Otabek|Sardor|Sanjar
Shavkat|Sherzod|Ulugbek|Umid|Rustam|Timur|Nodir|Odil|Abdulaziz|Abdurashid|Bekzod|Doniyor
Islom|Ravshan|Shukhrat|Khurshid|Mansur|Sirojiddin|Zafar|Anvar|Botir|Jamshid
""")
UZBEK_FEMALE: Final = _words("""
Dilnoza|Gulnora|Kamola|Malika|Nigora|Nodira|Sevara|Shakhnoza|Umida|Zarina|Feruza|Mokhira
Dildora|Nilufar|Mukhlisa|Gulchekhra|Lola|Dilfuza
""")
UZBEK_FAMILY: Final = _words("""
Abdullaev|Karimov|Rakhimov|Yusupov|Usmonov|Tursunov|Ergashev|Nurmatov|Khodjaev|Azimov
Sobirov|Ismoilov|Mirzaev|Rasulov|Saidov|Kholmatov|Umarov|Akhmedov|Musaev|Alimov|Sultanov
Yuldashev|Turgunov|Mamatov|Rakhmatullaev|Normatov|Qosimov
""")

KYRGYZ_KAZAKH_MALE: Final = _words("""
Almaz|Azamat|Bakyt|Daniyar|Erlan|Ermek|Nurlan|Nurbek|Talant|Kanat|Marat|Aibek|Adilet|Bolot
Medet|Askar|Serik|Yerzhan|Arman|Dauren|Ruslan|Timur|Zhanibek|Kairat|Samat|Ulan|Chyngyz
Baurzhan|Nurzhan|Azat
""")
KYRGYZ_KAZAKH_FEMALE: Final = _words("""
Aigerim|Ainura|Aizhan|Asel|Gulnara|Dinara|Zhanna|Kanykei|Nazgul|Saule|Aida|Elmira|Meerim
Cholpon|Aliya|Bermet|Zhibek|Aruzhan
""")
KYRGYZ_KAZAKH_FAMILY: Final = _words("""
Abdrakhmanov|Asanov|Bekov|Ismailov|Kasymov|Mamytov|Nurlanov|Omurbekov|Sadykov|Toktogulov
Zhakupov|Akhmetov|Iskakov|Baimukhanov|Dzhumabaev|Kenzhebekov|Bekmuratov|Tokhtarov
Sultanbekov|Abenov|Sarsenbaev|Beisenov|Usenov|Temirbekov|Esenov
""")

# Russian: Cyrillic given name and its patronymic (male form).
RUSSIAN_MALE: Final = _pairs("""
Александр=Александрович|Алексей=Алексеевич|Андрей=Андреевич|Дмитрий=Дмитриевич
Сергей=Сергеевич|Иван=Иванович|Михаил=Михайлович|Николай=Николаевич|Павел=Павлович
Виктор=Викторович|Евгений=Евгеньевич|Юрий=Юрьевич|Олег=Олегович|Владимир=Владимирович
Игорь=Игоревич|Максим=Максимович|Роман=Романович|Артём=Артёмович|Константин=Константинович
Денис=Денисович|Вадим=Вадимович|Григорий=Григорьевич|Кирилл=Кириллович|Руслан=Русланович
Анатолий=Анатольевич|Василий=Васильевич
""")
RUSSIAN_FEMALE: Final = _words("""
Анна|Елена|Ольга|Татьяна|Наталья|Ирина|Мария|Екатерина|Светлана|Юлия|Людмила|Галина
Марина|Ксения|Дарья|Вера|Алина|Валентина
""")
RUSSIAN_FAMILY: Final = _words("""
Иванов|Смирнов|Кузнецов|Попов|Васильев|Петров|Соколов|Михайлов|Новиков|Фёдоров|Морозов
Волков|Алексеев|Лебедев|Семёнов|Егоров|Павлов|Козлов|Степанов|Николаев|Орлов|Андреев
Макаров|Никитин|Захаров|Зайцев|Соловьёв|Борисов|Яковлев|Григорьев|Романов|Воробьёв
""")

ORG_PREFIXES: Final = _words("""
Sharq|Nur|Pamir|Zarafshon|Kabul|Herat|Balkh|Samarqand|Khujand|Vakhsh|Istiqlol|Baraka|Amanat
Sahar|Rahmat|Tigris|Euphrates|Caspian|Oxus|Ferghana|Hindukush|Silk Road|Khorasan|Dushanbe
Bukhara|Murghab|Ariana|Safa|Najm|Zamzam|Mashriq|Sabz|Kohsor|Navruz|Sitora|Lazurit
""")
ORG_ACTIVITIES: Final = _words("""
Trading|Exchange|Transport|Construction|Logistics|Import-Export|Money Transfer|Petroleum
Textile|Agro|Charity|Relief|Foundation|Travel|Cargo|Jewellery|Pharmaceuticals|Auto Parts
Telecom|Mining|Cement|Food Products|Gold|Real Estate|Hawala
""")
ORG_FORMS: Final = _words("""
LLC|Ltd|Company|Co.|Group|Establishment|Enterprises|Holding|Association|Organization|Services
""")
