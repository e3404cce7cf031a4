# المكتبة: تصفّح مجلدات المساحة وملفاتها وملاحظاتها، وصفحة العنصر،
# ونسخه والتعليقات عليه.

## التصفّح
library-title = المكتبة
library-breadcrumbs = أنت هنا
library-top = المكتبة
library-tagged = الوسم «{ $tag }»
library-clear-tag = كل العناصر
library-show-archived = إظهار العناصر المؤرشفة
library-hide-archived = إخفاء العناصر المؤرشفة
library-usage = المستخدم: { $used }
library-usage-of = المستخدم: { $used } من أصل { $quota }
library-empty = هذا المجلد فارغ.
library-none-tagged = لا يحمل أي عنصر هذا الوسم.
library-more = مزيد من العناصر
library-col-name = الاسم
library-col-kind = النوع
library-col-size = الحجم
library-col-changed = آخر تعديل
library-col-status = الحالة
library-col-tags = الوسوم
library-col-author = بواسطة
library-col-date = التاريخ
library-col-comment = التعليق
library-col-actions = الإجراءات
library-archived = مؤرشف
library-remote = من خادم آخر
library-kind-folder = مجلد
library-kind-file = ملف
library-kind-note = ملاحظة
library-status-open = مفتوح
library-status-validated = معتمد
library-status-cancelled = ملغى
library-status-deprecated = متقادم

## الإضافة
library-add = إضافة إلى المكتبة
library-upload = رفع ملف
library-upload-submit = رفع
library-new-note = كتابة ملاحظة
library-new-note-submit = حفظ الملاحظة
library-new-folder = مجلد جديد
library-new-folder-submit = إنشاء المجلد
library-field-title = العنوان
library-field-title-file-hint = اتركه فارغًا لاستخدام اسم الملف.
library-field-folder-name = اسم المجلد
library-field-description = الوصف
library-field-tags = الوسوم
library-field-tags-hint = افصل بينها بفواصل، مثلًا: محضر، ميزانية 2026.
library-field-language = اللغة
library-field-comment = ما الذي تغيّر (اختياري)
library-field-file = الملف
library-field-file-hint = حتى { $size }.
library-field-body = النص
library-field-body-hint = بصيغة ماركداون: **غامق**، *مائل*، # عناوين، قوائم، [روابط](https://example.org).

## عنصر واحد
library-file-name = اسم الملف
library-media-type = الصيغة
library-revision = النسخة
library-created = أُنشئ
library-updated = آخر تعديل
library-download = تنزيل
library-change = تعديل هذا العنصر
library-new-revision = رفع نسخة جديدة
library-new-revision-submit = رفع النسخة
library-edit-note = تحرير النص
library-save-note = حفظ كنسخة جديدة
library-edit-details = تعديل المعلومات
library-save-details = حفظ المعلومات
library-archive = أرشفة
library-unarchive = إخراج من الأرشيف
library-delete = حذف
library-delete-confirm = هل تريد حذف هذا العنصر مع كل نسخه وتعليقاته؟ لا يمكن التراجع عن ذلك.
library-text-done = النص مفهرس للبحث
library-text-pending = استخراج النص قيد الانتظار
library-text-failed = تعذّرت قراءة النص: { $reason }
library-text-unsupported = لا يُقرأ نص هذا النوع من الملفات

## النسخ
library-revisions = النسخ
library-current = الحالية
library-download-revision = تنزيل النسخة { $number }
library-restore = استعادة النسخة { $number }
library-compare = المقارنة بالنسخة السابقة
library-diff-title = التغييرات من النسخة { $from } إلى النسخة { $to }
library-diff-added = { $count ->
    [zero] لم يُضف أي سطر
    [one] أُضيف سطر واحد
    [two] أُضيف سطران
    [few] أُضيفت { $count } أسطر
    [many] أُضيف { $count } سطرًا
   *[other] أُضيف { $count } سطر
}
library-diff-removed = { $count ->
    [zero] لم يُحذف أي سطر
    [one] حُذف سطر واحد
    [two] حُذف سطران
    [few] حُذفت { $count } أسطر
    [many] حُذف { $count } سطرًا
   *[other] حُذف { $count } سطر
}

## التعليقات
library-comments = التعليقات
library-no-comments = لا توجد تعليقات بعد.
library-comment-edited = (معدّل)
library-comment-label = تعليقك
library-comment-send = إرسال
library-comment-delete = حذف
library-comment-delete-confirm = هل تريد حذف هذا التعليق؟

# The new note form's messages next to a refused field.
library-error-title = أعطِ الملاحظة عنوانًا لا يتجاوز 200 حرف.
library-error-tags = لا يتجاوز كل وسم 50 حرفًا، بلا فواصل؛ و20 وسمًا على الأكثر.
library-error-language = أدخل رمز لغة مثل en أو fr أو ar أو de أو pt.
library-error-item-title = أعطه عنوانًا لا يتجاوز 200 حرف.
library-error-folder-title = أعطِ المجلد اسمًا لا يتجاوز 200 حرف.
library-error-description = لا يتجاوز الوصف 5000 حرف.
library-error-comment = اذكر ما الذي تغيّر في 500 حرف على الأكثر.
library-error-comment-body = اكتب تعليقك في 10000 حرف على الأكثر.
library-error-file = اختر ملفًا لرفعه.
library-error-file-again = اختر الملف مرة أخرى: لا يحتفظ المتصفح به عندما يعود النموذج.
library-error-file-size = هذا الملف أكبر من { $limit } المسموح بها للملف هنا: اختر ملفًا أصغر.
library-error-quota = مكتبة هذه المساحة ممتلئة (تتسع لـ { $quota }): احذف عناصر قديمة أو اطلب من مسؤول مساحة أكبر، ثم اختر الملف مرة أخرى.
library-error-note-size = تتسع الملاحظة لـ { $limit } من النص على الأكثر: اختصرها أو قسّمها إلى عدة ملاحظات.
library-error-note-quota = مكتبة هذه المساحة ممتلئة (تتسع لـ { $quota }): احذف عناصر قديمة أو اطلب من مسؤول مساحة أكبر، ثم احفظ مرة أخرى.
