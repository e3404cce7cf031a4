# people: profiles, settings, members of a space, invitations

## A member's profile
profile-edit = تعديل ملفي الشخصي
profile-my-invitations = دعواتي إلى المساحات
profile-no-bio = لا توجد نبذة تعريفية بعد.
profile-organisation = المؤسسة
profile-country = البلد
profile-languages = اللغات
profile-email = البريد الإلكتروني
profile-member-since = عضو منذ

## Settings
settings-title = ملفي الشخصي وإعداداتي
settings-saved = حُفظت تغييراتك.
settings-see-profile = عرض ملفي الشخصي
settings-display-name = الاسم المعروض
settings-organisation = المؤسسة
settings-country = البلد
settings-country-hint = رمز من حرفين، مثل CD أو TN أو BR. اتركه فارغًا إن لم ترغب في ذكره.
settings-languages = اللغات التي تتحدثها
settings-languages-hint = رموز اللغات مفصولة بفواصل، مثل fr, ln, sw.
settings-bio = نبذة عنك
settings-ui-language = لغة هذه الواجهة
settings-ui-language-browser = اتّباع لغة متصفحي

## Members of a space
members-title = الأعضاء
members-invited = أُرسلت الدعوة إلى { $name }، وسيراها عند تسجيل دخوله التالي.
members-name = الاسم
members-organisation = المؤسسة
members-role = الدور
members-joined = تاريخ الانضمام
members-actions = الإجراءات
members-you = أنت
members-role-of = دور { $name }
members-change-role = تغيير الدور
members-remove = إزالة
members-leave = مغادرة
members-remove-confirm = هل تريد إزالة { $name } من هذه المساحة؟
members-requests = طلبات الانضمام
members-no-requests = لا أحد ينتظر الانضمام.
members-approve-as = القبول بدور
members-approve = قبول
members-reject = رفض
members-reject-confirm = هل تريد رفض طلب { $name }؟
members-invite = دعوة عضو
members-invite-username = اسم المستخدم
members-invite-hint = شخص لديه حساب على هذا الخادم. يقبل الدعوة أو يرفضها.
members-error-unknown = لا أحد على هذا الخادم يحمل اسم المستخدم هذا: تحقّق من كتابته، أو ابحث عن الشخص باسمه أعلاه.
members-error-already = هذا الشخص عضو في المساحة بالفعل.
members-invite-submit = إرسال الدعوة

## One's invitations to spaces
invitations-title = الدعوات إلى المساحات
invitations-none = ليست لديك دعوات بانتظار ردك.
invitations-role = الدور: { $role }
invitations-invited-by = الدعوة من
invitations-accept = قبول
invitations-decline = رفض
invitations-decline-confirm = هل تريد رفض هذه الدعوة؟

# The profile settings' messages next to a refused field.
settings-error-country = أدخل رمز بلد من حرفين مثل CD أو TN أو BR، أو اتركه فارغًا.
settings-error-languages = أدخل 20 رمز لغة على الأكثر مثل fr وln وsw، مفصولة بفواصل.
