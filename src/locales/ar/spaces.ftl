# Spaces, posts and comments.

## Shared words
save = حفظ
cancel = إلغاء
edit = تعديل
delete = حذف
language-code-hint = رمز لغة مثل en أو fr أو ar أو de أو pt أو sw.
role-reader = قارئ
role-contributor = مساهم
role-content_manager = مدير المحتوى
role-space_manager = مدير المساحة
join-policy-open = يمكن لأي شخص الانضمام
join-policy-request = يطلب الراغبون الانضمام، ويوافق أحد المديرين
join-policy-invitation = بالدعوة فقط

## Directory
spaces-title = المساحات
spaces-create = إنشاء مساحة
spaces-mine = مساحاتك
spaces-public = المساحات العامة
spaces-none = لا توجد مساحات عامة بعد.
spaces-more = مزيد من المساحات
spaces-follow-title = متابعة مساحة على خادم آخر
spaces-follow-handle = معرِّف المساحة
spaces-follow-hint = مثلًا @human-rights-news@agora.example.org، أو عنوان المساحة.
spaces-follow-submit = متابعة
posts-count = { $count ->
    [zero] لا منشورات
    [one] منشور واحد
    [two] منشوران
    [few] { $count } منشورات
    [many] { $count } منشورًا
   *[other] { $count } منشور
}

## One space
space-public = عامة
space-private = خاصة
space-public-hint = يمكن لأي شخص قراءتها، وتُشارَك مع الخوادم التي تتابعها.
space-private-hint = لا يراها إلا أعضاؤها، ولا يغادر أي شيء منها هذا الخادم أبدًا.
space-remote = على { $domain }
space-your-role = دورك: { $role }
space-join = انضمام
space-leave = مغادرة
space-unfollow = إلغاء المتابعة
space-leave-confirm = هل تريد مغادرة هذه المساحة؟
space-sections = أقسام هذه المساحة
tab-feed = المنشورات
tab-events = الفعاليات
tab-library = المكتبة
tab-members = الأعضاء
tab-about = نبذة
space-no-description = لا يوجد وصف بعد.
space-created = تاريخ الإنشاء
space-handle = المعرِّف للخوادم الأخرى
space-settings = الإعدادات
space-field-title = الاسم
space-field-slug = اسم مختصر للعناوين
space-field-slug-hint = من ٢ إلى ٥٠ حرفًا لاتينيًا صغيرًا أو رقمًا أو -، يبدأ بحرف. لا يمكن تغييره لاحقًا.
space-field-description = الوصف
space-field-language = اللغة الرئيسية
space-field-visibility = من يمكنه رؤيتها
space-field-join-policy = طريقة الانضمام إلى مساحة خاصة
space-field-join-policy-hint = المساحات العامة مفتوحة للجميع.
space-field-default-role = دور الأعضاء الجدد
join-request-title = طلب الانضمام
join-request-intro = إن كانت هذه المساحة تقبل الطلبات، فسيطّلع مديروها على طلبك ويقررون بشأنه.
join-request-message = ملاحظة لمديري المساحة (اختيارية)
join-request-submit = إرسال طلبي
join-request-sent = سُجّل طلبك. إن كانت المساحة تقبل الطلبات، فسيقرر مديروها بشأنه.

## Posts
post-new = كتابة منشور
post-title = العنوان
post-body = النص
post-body-hint = التنسيق: *مائل*، **عريض**، [رابط](https://…)، والقوائم بـ -. أشِر إلى الأعضاء بـ @الاسم.
post-language-field = لغة المنشور
post-publish = نشر
post-by = بقلم
post-edited = عُدِّل في { $date }
post-edit-title = تعديل المنشور
post-delete-confirm = هل تريد حذف هذا المنشور وتعليقاته؟
reactions-label = التفاعلات
reaction-add = التفاعل بـ { $emoji } ({ $count } حتى الآن)
reaction-remove = سحب تفاعلك { $emoji } ({ $count } إجمالًا)

## Comments
comment-new = تعليقك
comment-send = إرسال
comment-reply = رد
comment-reply-label = ردك
comment-edit-label = تعليقك
comment-edited = معدَّل
comment-deleted = حُذف هذا التعليق.
comment-delete-confirm = هل تريد حذف هذا التعليق؟
comment-join-to-take-part = انضم إلى هذه المساحة للتعليق.
comment-sign-in = سجّل الدخول للتعليق
post-held-back = لم يُرسَل إلى المثيلات الأخرى: يشير هذا المنشور إلى { $url }، وهي صفحة في هذا المثيل ليست عامة أو غير موجودة. أزل الرابط أو غيّره ثم احفظ مجددًا.

# The new space form's messages next to a refused field.
space-error-slug = استخدم من 2 إلى 50 حرفًا لاتينيًا صغيرًا أو رقمًا أو -، تبدأ بحرف.
space-error-slug-taken = هذا العنوان مأخوذ: اختر غيره.
space-error-title = أعطِ المساحة اسمًا لا يتجاوز 200 حرف.
space-error-language = أدخل رمز لغة مثل en أو fr أو ar أو de أو pt.
