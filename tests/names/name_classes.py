"""The 65 equivalence classes of frequent names of NAMES.md §5.6 (generic given names and name
parts, not persons), as the test set for the ≥ 95 % within-class target.

One class per line: class label, then its spellings in Latin, Cyrillic and Arabic script,
separated by "|". The abbreviation "M." of Muhammad is left out: an initial alone is not a
name (initials are tested separately).
"""

from __future__ import annotations

_RAW = """
Muhammad|Muhammad|Mohammad|Mohammed|Mohamed|Muhammed|Mohamad|Mukhammad|Mukhammed|Magomed|Muhammet|Mohd|Md|Мухаммад|Мухаммед|Магомед|Муҳаммад|محمد
Ahmad|Ahmad|Ahmed|Akhmad|Akhmed|Ahmet|Ахмад|Ахмед|Аҳмад|أحمد|احمد
Mahmud|Mahmud|Mahmood|Mahmoud|Makhmud|Mahmut|Махмуд|Маҳмуд|محمود
Husayn|Hussein|Husayn|Husain|Hossein|Hoseyn|Hussain|Husein|Khusein|Gusein|Guseyn|Huseyn|Гусейн|Хусейн|Ҳусейн|Ҳусайн|حسين|حسین
Hasan|Hasan|Hassan|Khasan|Gasan|Хасан|Гасан|Ҳасан|حسن
Ali|Ali|Aly|Али|Алӣ|علي|علی
Abdullah|Abdullah|Abdulla|Abdallah|Abdollah|Abdulloh|Abdullo|Абдулла|Абдулло|Абдуллоҳ|عبدالله|عبد الله
Abd al-Rahman|Abdul Rahman|Abdulrahman|Abdelrahman|Abdurrahman|Abdurahman|Abdurakhmon|Abdurahmon|Abderrahmane|Abd al-Rahman|Абдурахман|Абдурахмон|Абдураҳмон|عبدالرحمن|عبد الرحمن
Abd al-Jabbar|Abdul Jabbar|Abduljabbar|Abdel Jabbar|Abdujabbor|Abdujabbar|Абдужаббор|Абдуҷаббор|Абдул Джаббар|عبدالجبار|عبد الجبار
Abd al-Aziz|Abdul Aziz|Abdulaziz|Abdelaziz|Abduaziz|Абдулазиз|Абдуазиз|عبدالعزيز|عبدالعزیز
Abd al-Karim|Abdul Karim|Abdulkarim|Abdelkrim|Abdulkerim|Abdukarim|Абдукарим|Абдулкарим|عبدالكريم|عبدالکریم
Abd al-Qadir|Abdul Qadir|Abdulkadir|Abdelkader|Abdulqodir|Abdukodir|Abduqodir|Абдулкадыр|Абдуқодир|Абдукадыр|عبدالقادر
Abd al-Rashid|Abdul Rashid|Abdurrashid|Abdurashid|Abdelrachid|Абдурашид|عبدالرشيد|عبدالرشید
Abd al-Haq|Abdul Haq|Abdulhaq|Abdelhak|Abdulhak|Абдулхак|Абдулҳақ|عبدالحق
Abd al-Salam|Abdul Salam|Abdussalam|Abdesselam|Abdusalom|Abdusalam|Абдусалом|Абдусалам|عبدالسلام
Abd al-Ghani|Abdul Ghani|Abdulghani|Abdelghani|Abdugani|Abdughani|Абдугани|Абдуғанӣ|عبدالغني|عبدالغنی
Abd al-Wahid|Abdul Wahid|Abdulwahid|Abdelouahed|Abduvohid|Abdulvahid|Абдувохид|Абдувоҳид|عبدالواحد
Rahmatullah|Rahmatullah|Rahmatulla|Rahmatulloh|Rahmatullo|Rakhmatulla|Rahmatollah|Rahmat Ullah|Рахматулла|Рахматулло|Раҳматулло|رحمت‌الله|رحمت الله|رحمة الله
Habibullah|Habibullah|Habibulla|Khabibulla|Habibollah|Habibulloh|Хабибулла|Ҳабибулло|حبیب‌الله|حبيب الله
Zabihullah|Zabihullah|Zabiullah|Zabehollah|Zabikhulla|Забихулла|Забеҳулло|ذبیح‌الله
Nasrullah|Nasrullah|Nasrulla|Nasrollah|Nasrulloh|Насрулла|Насрулло|نصرالله
Amanullah|Amanullah|Amanulla|Amonullo|Amonulloh|Аманулла|Амонулло|امان‌الله
Najibullah|Najibullah|Najibulla|Nadzhibulla|Najibollah|Наджибулла|Наҷибулло|نجیب‌الله
Sirajuddin|Sirajuddin|Siraj al-Din|Sirajeddine|Serajuddin|Sirojiddin|Siradzhuddin|Sirodjiddin|Сираджуддин|Сироджиддин|Сироҷиддин|Сирожиддин|سراج الدين|سراج‌الدین
Jalaluddin|Jalaluddin|Jalal al-Din|Jallaloudine|Djalaluddin|Jaloliddin|Dzhaloliddin|Jalaleddin|Джалалуддин|Джалолиддин|Ҷалолиддин|Жалолиддин|جلال الدين
Nasiruddin|Nasiruddin|Nasir al-Din|Nasreddine|Nasriddin|Nosiriddin|Насриддин|Насреддин|Носириддин|نصير الدين|ناصرالدین
Shamsuddin|Shamsuddin|Shams al-Din|Shamsiddin|Chamseddine|Шамсиддин|Шамсуддин|شمس الدين
Ziauddin|Ziauddin|Ziaeddin|Ziyovuddin|Ziyoviddin|Зиёвуддин|Зиёуддин|ضياء الدين
Gulbuddin|Gulbuddin|Golboddin|Gulboddin|Гульбуддин|Гулбиддин|گلبدین
Hekmatyar|Hekmatyar|Hikmatyar|Hekmatiar|Khekmatiar|Hikmatyor|Хекматияр|Хекматьяр|Ҳикматёр|حکمتیار
Haqqani|Haqqani|Hakkani|Haqani|Khakkani|Haqqoni|Хаккани|Ҳаққонӣ|حقاني|حقانی|حقانى
Usama|Osama|Usama|Usamah|Oussama|Ussama|Усама|Осама|أسامة|اسامه
Yusuf|Yusuf|Yousef|Youssef|Yousuf|Yusef|Iusuf|Jusuf|Юсуф|Йусуф|يوسف|یوسف
Umar|Omar|Umar|Omer|Oumar|Umer|Умар|Омар|عمر
Uthman|Uthman|Usman|Osman|Othman|Usmon|Ousmane|Усман|Усмон|Осман|عثمان
Ibrahim|Ibrahim|Ebrahim|Ibragim|Ibrohim|Ibraheem|Ибрагим|Иброхим|Иброҳим|إبراهيم|ابراهیم
Ismail|Ismail|Ismael|Esmail|Ismoil|Ismayil|Исмаил|Исмоил|إسماعيل|اسماعیل
Yaqub|Yaqub|Yakub|Yacoub|Yaghoub|Yoqub|Якуб|Ёқуб|يعقوب|یعقوب
Musa|Musa|Moussa|Mousa|Muso|Муса|Мусо|موسى|موسی
Isa|Isa|Issa|Eisa|Iso|Иса|Исо|Ӣсо|عيسى|عیسی
Yunus|Yunus|Younes|Younis|Yunis|Юнус|يونس|یونس
Sulayman|Sulaiman|Suleiman|Sulayman|Soleiman|Suleyman|Sulaymon|Сулейман|Сулаймон|سليمان|سلیمان
Khalid|Khalid|Khaled|Halid|Kholid|Халид|Холид|خالد
Jafar|Jafar|Jaafar|Ja'far|Djafar|Dzhafar|Джафар|Ҷаъфар|جعفر
Jamal|Jamal|Jamaal|Djamal|Dzhamal|Jamol|Джамал|Ҷамол|Жамол|جمال
Jamshid|Jamshid|Jamshed|Dzhamshed|Djamshid|Джамшед|Ҷамшед|Жамшид|جمشید
Jumakhon|Jumakhon|Jumahon|Dzhumakhon|Djumakhon|Jumaxon|Джумахон|Ҷумъахон|Жумахон|جمعه‌خان|جمعه خان
Rahim|Rahim|Raheem|Rakhim|Рахим|Раҳим|رحيم|رحیم
Karim|Karim|Kareem|Kerim|Карим|كريم|کریم
Qadir|Qadir|Kadir|Kadyr|Qodir|Kodir|Ghader|Кадыр|Кодир|Қодир|قادر
Qasim|Qasim|Kasim|Kassem|Ghasem|Qosim|Kasym|Касым|Косим|Қосим|قاسم
Rashid|Rashid|Rasheed|Rachid|Rashed|Рашид|رشيد|رشید
Ghulam|Ghulam|Gholam|Golam|Gulam|Gulom|Ghulom|Гулам|Гулом|Ғулом|غلام
Qurban|Qurban|Kurban|Ghorban|Qurbon|Kurbon|Курбан|Курбон|Қурбон|قربان
Bahadur|Bahadur|Bahodir|Bahodur|Bakhodir|Bakhadur|Баходир|Баҳодур|بهادر
Khurshid|Khurshid|Hurshid|Khorshid|Xurshid|Khurshed|Хуршид|Хуршед|خورشید
Tahir|Tahir|Taher|Tohir|Тахир|Тоҳир|طاهر
Yahya|Yahya|Yahia|Yahyo|Yakhya|Яхья|Яҳё|يحيى|یحیی
Mustafa|Mustafa|Moustafa|Mostafa|Mustapha|Mustafo|Мустафа|Мустафо|مصطفى|مصطفی
Fatima|Fatima|Fatimah|Fatemeh|Fotima|Fatma|Фатима|Фотима|فاطمة|فاطمه
Zaynab|Zainab|Zaynab|Zeinab|Zeynab|Зайнаб|Зейнаб|زينب|زینب
Khadija|Khadija|Khadijah|Hadija|Khadicha|Khadeeja|Хадиджа|Хадича|Хадиҷа|خديجة|خدیجه
Maryam|Maryam|Mariam|Meryem|Марьям|Марям|مريم|مریم
Abu Bakr|Abu Bakr|Abubakr|Abubakar|Abou Bakr|Abubakir|Абубакр|Абубакир|Абубакар|أبو بكر|ابوبکر
Qodirzoda|Qodirzoda|Kodirzoda|Kadyrzoda|Qadirzada|Ghaderzadeh|Кодирзода|Қодирзода|قادرزاده
"""

NAME_CLASSES: dict[str, tuple[str, ...]] = {}
for _line in _RAW.strip().splitlines():
    _label, *_spellings = _line.split("|")
    NAME_CLASSES[_label] = tuple(_spellings)

# Cross-class pairs that share a vowel-less skeleton (NAMES.md §6.1 item 8): allowed to score
# high when one side is Arabic script, but must stay below true variants otherwise.
KNOWN_COLLISIONS = frozenset(
    {
        frozenset({"Muhammad", "Mahmud"}),
        frozenset({"Husayn", "Hasan"}),
        frozenset({"Qadir", "Qodirzoda"}),
        frozenset({"Abd al-Qadir", "Qadir"}),
    }
)
