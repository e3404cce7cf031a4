# الفعاليات: فعاليات مساحة، وصفحة الفعالية، والاستمارة، والتسجيل.

## فعاليات مساحة
events-upcoming = الفعاليات القادمة
events-past = الفعاليات السابقة
events-all = الفعاليات
events-show-past = عرض الفعاليات السابقة
events-show-upcoming = عرض الفعاليات القادمة
events-subscribe = الاشتراك في هذا التقويم
events-new = تنظيم فعالية
events-create = إنشاء الفعالية
events-none = لا توجد فعاليات قادمة.
events-none-past = لا توجد فعاليات سابقة.

## الفعالية في القوائم وفي صفحتها
event-when = من { $start } إلى { $end }
event-when-same-day = { $start } إلى { $end }
event-place = المكان:
event-online = عبر الإنترنت
event-remote = من خادم آخر
event-status-confirmed = مؤكدة
event-status-tentative = في انتظار التأكيد
event-status-cancelled = ملغاة
event-going-count = { $count ->
    [zero] لم يسجّل أحد بعد
    [one] مشارك واحد
    [two] مشاركان اثنان
    [few] { $count } مشاركين
    [many] { $count } مشاركًا
   *[other] { $count } مشارك
}
event-places-left = { $count ->
    [zero] لا أماكن متبقية
    [one] بقي مكان واحد
    [two] بقي مكانان
    [few] بقيت { $count } أماكن
    [many] بقي { $count } مكانًا
   *[other] بقي { $count } مكان
}
event-full = مكتملة
event-my-state-going = أنت مسجّل في هذه الفعالية.
event-my-state-waiting = أنت على قائمة الانتظار.
event-my-state-pending = تسجيلك في انتظار موافقة المنظّم.
event-my-state-rejected = رُفض تسجيلك.
event-breadcrumbs = أنت هنا
event-cancelled-notice = أُلغيت هذه الفعالية.
event-when-label = الموعد
event-timezone-label = المنطقة الزمنية
event-where-label = المكان
event-online-label = رابط المشاركة عن بُعد
event-online-for-participants = يظهر للمشاركين بعد قبول تسجيلهم.
event-organiser-label = المنظّم
event-registration-label = التسجيل
event-participants-label = المشاركون
event-language-label = اللغة
event-join-free = مفتوح: يُقبل كل من يسجّل
event-join-restricted = يوافق المنظّم على كل تسجيل
event-join-invite = بدعوة فقط
event-register = التسجيل
event-unregister = إلغاء تسجيلي
event-unregister-confirm = هل تريد إلغاء تسجيلك في هذه الفعالية؟
event-sign-in-to-register = سجّل الدخول للتسجيل في الفعالية
event-add-to-calendar = إضافة إلى تقويمي

## لمنظّمي الفعالية
event-participants-title = المشاركون
event-participants-none = لم يسجّل أحد بعد.
event-participant = الشخص
event-participant-state = التسجيل
event-participant-actions = القرار
event-participant-going = مشارك
event-participant-waiting = على قائمة الانتظار
event-participant-pending = في انتظار الموافقة
event-participant-rejected = مرفوض
event-approve = موافقة
event-turn-down = رفض
event-turn-down-confirm = هل تريد رفض هذا التسجيل؟
event-edit = تعديل هذه الفعالية
event-edit-open = عرض الاستمارة
event-save = حفظ التعديلات
event-cancel = إلغاء هذه الفعالية
event-cancel-confirm = هل تريد إلغاء هذه الفعالية؟ سيُبلَّغ جميع المسجّلين.

## استمارة الفعالية
event-field-title = العنوان
event-field-description = الوصف
event-field-description-hint = بصيغة ماركداون: **غامق**، *مائل*، [روابط](https://example.org)، قوائم.
event-field-starts = البداية
event-field-ends = النهاية
event-field-timezone = المنطقة الزمنية
event-field-timezone-hint = وقتا البداية والنهاية بتوقيت هذه المنطقة. منطقتك، المحددة في إعداداتك، تأتي أولاً في القائمة.
event-field-online = رابط المشاركة عن بُعد
event-field-online-hint = رابط مكالمة الفيديو إن وُجدت (https://…). لا يراه إلا المشاركون الذين قُبل تسجيلهم.
event-field-place = المكان
event-field-place-name = اسم المكان
event-field-place-address = العنوان
event-field-latitude = خط العرض
event-field-longitude = خط الطول
event-field-coordinates-hint = اختياري، بالدرجات العشرية (مثلًا 30.0444 و 31.2357)، لإظهار المكان على الخريطة.
event-field-registration = التسجيل
event-field-join-mode = من يمكنه التسجيل
event-field-capacity = عدد الأماكن
event-field-capacity-hint = اتركه فارغًا إن لم يكن هناك حدّ.
event-field-capacity-keep-hint = اتركه فارغًا للإبقاء على عدد الأماكن الحالي.
event-field-waitlist = عند اكتمال العدد، ضع الأشخاص على قائمة انتظار
event-field-language = لغة الفعالية
event-field-language-hint = رمز لغة مثل en أو fr أو ar أو de أو pt.
event-field-status = الحالة
# Sent to a participant of another instance, before the link itself.
event-link-message = رابط المشاركة عن بُعد في «{ $event }»، للمشاركين فقط:

## ما تتركه الفعالية (تسجيل، شرائح، ملاحظات) والأرشيف
replays-title = التسجيل والشرائح والملاحظات
replay-kind-recording = تسجيل
replay-kind-slides = شرائح
replay-kind-notes = ملاحظات
replays-add = إرفاق تسجيل أو شرائح أو ملاحظات
replays-kind-label = ما هو
replays-title-label = العنوان (اختياري)
replays-url-label = رابط
replays-item-label = أو ملف أو ملاحظة من المكتبة
replays-attach = إرفاق
replays-upload-label = أو رفع ملف (يُحفظ في مكتبة المساحة)
replays-upload = رفع وإرفاق
replays-remove = إزالة
replays-remove-confirm = إزالة هذا من الفعالية؟ يبقى الملف في المكتبة.
replay-error-kind = اختر ما هو: تسجيل أو شرائح أو ملاحظات.
replay-error-title = لا يتجاوز العنوان 200 حرف.
replay-error-url = أدخل رابطًا كاملًا يبدأ بـ https://‎ ولا يتجاوز 2000 حرف.
replay-error-source = أدخل رابطًا أو اختر ملفًا أو ملاحظة من المكتبة: أحدهما فقط.
replay-error-item = اختر ملفًا أو ملاحظة من مكتبة هذه المساحة.
replay-error-file = اختر ملفًا لرفعه.
replay-error-file-again = اختر الملف مرة أخرى: لا يحتفظ المتصفح به عندما يعود النموذج.
events-archive-title = الفعاليات السابقة وتسجيلاتها
events-archive-intro = فعاليات المساحات العامة التي انعقدت، الأحدث أولاً، مع تسجيلاتها وشرائحها وملاحظاتها.
events-archive-older = فعاليات أقدم
front-events-past = الفعاليات السابقة وتسجيلاتها
## العمل مع المشاركين (المنظّمون)
event-message-title = مراسلة المشاركين
event-message-hint = يجدها كل المسجّلين ومن هم على قائمة الانتظار ومن ينتظرون الموافقة في إشعاراتهم، وبالبريد الإلكتروني ما لم يوقفوا رسائل الفعاليات. نص عادي: الروابط غير قابلة للنقر.
event-message-subject = الموضوع
event-message-body = الرسالة
event-message-send = أرسل إلى المشاركين
event-message-sent = { $count ->
    [zero] أُرسلت الرسالة، لكن لن يتلقاها أي مشارك (لا مسجّلين، أو أوقفوا إشعارات الفعاليات).
    [one] أُرسلت الرسالة إلى مشارك واحد.
    [two] أُرسلت الرسالة إلى مشاركَين اثنين.
    [few] أُرسلت الرسالة إلى { $count } مشاركين.
    [many] أُرسلت الرسالة إلى { $count } مشاركًا.
   *[other] أُرسلت الرسالة إلى { $count } مشارك.
}
event-message-error-no-subject = اكتب موضوعًا.
event-message-error-subject-long = الموضوع طويل جدًا: ٢٠٠ حرف على الأكثر.
event-message-error-body-long = الرسالة طويلة جدًا: ١٠٬٠٠٠ حرف على الأكثر.
event-participants-csv = تنزيل قائمة المشاركين (CSV)

## Guests (issue 17 point 5): people without an account
event-field-guests = السماح لمن ليس لديهم حساب بالتسجيل باسمهم وعنوان بريدهم الإلكتروني
event-field-guests-hint = في الفضاءات العامة فقط. يؤكدون عنوانهم عبر البريد الإلكتروني.
event-guest-title = التسجيل دون حساب
event-guest-hint = نرسل إليك رابطًا للتأكيد. يحتوي كل بريد على رابط للإلغاء.
event-guest-name = الاسم
event-guest-email = عنوان البريد الإلكتروني
event-guest-register = التسجيل عبر البريد الإلكتروني
event-guest-error-name = اكتب اسمك، في 100 حرف على الأكثر.
event-guests-title = الضيوف
event-guests-none = لا ضيوف بعد.
event-guest-badge = ضيف
event-guest-remove = إزالة
event-guest-remove-confirm = إزالة هذا الضيف؟ سيُبلَّغ بالبريد الإلكتروني.
event-guest-state-unconfirmed = لم يؤكد بعد
event-guest-state-going = مشارك
event-guest-state-waiting = على قائمة الانتظار
event-guest-state-pending = بانتظار الموافقة
event-guest-state-rejected = مرفوض
event-guest-state-cancelled = ملغى
guest-title = تسجيلك
guest-sent = تحقق من بريدك الوارد: أرسلنا رسالة إلى هذا العنوان. افتح الرابط فيها للتأكيد.
guest-sent-hint = لم يصل شيء؟ انظر في مجلد الرسائل غير المرغوب فيها، أو حاول لاحقًا.
guest-confirm-button = تأكيد تسجيلي
guest-cancel-question = إلغاء تسجيلك في هذه الفعالية؟
guest-cancel-button = إلغاء تسجيلي
guest-state-unconfirmed = لم يُؤكَّد تسجيلك بعد.
guest-state-going = أنت مسجل. نراك هناك!
guest-state-waiting = أنت على قائمة الانتظار. سنراسلك إن شغر مكان.
guest-state-pending = تسجيلك بانتظار موافقة المنظمين. سنراسلك.
guest-state-rejected = رُفض تسجيلك.
guest-state-cancelled = أُلغي تسجيلك.

# السلاسل (الفعاليات المتكررة)
event-field-repeat = التكرار
event-field-repeat-choice = يتكرر
event-field-repeat-hint = كل موعد فعالية مستقلة لها تسجيلاتها الخاصة. يبقى التوقيت المحلي نفسه حتى عند تغيير الساعة.
event-repeat-none = لا يتكرر
event-repeat-weekly = كل أسبوع
event-repeat-fortnightly = كل أسبوعين
event-repeat-monthly-weekday = كل شهر، في يوم الأسبوع نفسه (مثلاً ثاني ثلاثاء)
event-repeat-monthly-day = كل شهر، في التاريخ نفسه
event-field-repeat-until = حتى (اختياري)
event-field-repeat-rule = أو قاعدة خاصة بك (RRULE في iCalendar)
event-field-repeat-rule-hint = مثلاً FREQ=MONTHLY;BYDAY=1TH لأول خميس من كل شهر. تحل محل الاختيار أعلاه.
event-series = جزء من سلسلة
event-series-dates = مواعيد هذه السلسلة
event-series-rule = القاعدة (iCalendar)
event-series-moved = تم نقله

# Times in the viewer's zone, and the event's beside them.
event-when-in-zone = { $when } بتوقيت { $zone }
# The event form's messages next to a refused field.
event-error-title = أعطِ الفعالية عنوانًا لا يتجاوز 200 حرف.
event-error-description = لا يتجاوز الوصف 20٬000 حرف.
event-error-date = أدخل تاريخًا ووقتًا، مثل 2026-03-29 10:00.
event-error-ends = يجب أن تأتي النهاية بعد البداية، وفي غضون 31 يومًا على الأكثر.
event-error-online = أدخل رابطًا يبدأ بـ https://، مثل رابط مكالمة فيديو.
event-error-number = أدخل رقمًا، مثل 50.8503.
event-error-coordinates = خط العرض بين -90 و90، وخط الطول بين -180 و180.
event-error-capacity = أدخل عددًا صحيحًا من الأماكن بين 1 و1٬000٬000، أو اتركه فارغًا.
event-error-guests = لا تقبل الضيوف إلا فعاليات المساحات العامة التي ليست بالدعوة.
event-error-language = أدخل رمز لغة مثل en أو fr أو ar أو de أو pt.
event-error-repeat = أدخل قاعدة iCalendar مثل FREQ=MONTHLY;BYDAY=2TU، يومية أو أسبوعية أو شهرية أو سنوية.
event-error-repeat-until = أدخل تاريخًا بعد التاريخ الأول، مثل 2026-12-31.
