## Notifications: what each kind says, the notifications page, the unread count.

notification-someone = شخص ما
# A guest registered by email (no account), as the actor of a notice.
notification-guest = { $name } (ضيف)
notification-untitled = (بلا عنوان)
notification-when = { $time } ({ $zone })
notification-changed-time = الموعد
notification-changed-place = المكان
notification-changed-link = الرابط الإلكتروني
notification-changed-status = الحالة
notification-changed-title = العنوان
notification-change-time = موعد جديد { $when }
notification-change-place = مكان جديد: { $place }
notification-change-place-none = لم يعد هناك مكان
notification-change-link = رابط إلكتروني جديد (في صفحة الفعالية، للمشاركين المقبولين)
notification-change-link-none = لم يعد هناك رابط إلكتروني
notification-change-status = الحالة الآن «{ $status }»
notification-change-title = عنوان جديد
notification-change-separator = {"؛ "}
notification-mention-post = أشار إليك { $actor } في «{ $post }» في { $space }
notification-mention-comment = أشار إليك { $actor } في تعليق على «{ $post }» في { $space }
notification-comment-on-post = علّق { $actor } على منشورك «{ $post }» في { $space }
notification-comment-reply = ردّ { $actor } على تعليقك على «{ $post }» في { $space }
notification-reaction-post = { $count ->
    [0] تفاعل { $actor } مع منشورك «{ $post }»
    [one] تفاعل { $actor } وشخص آخر مع منشورك «{ $post }»
    [two] تفاعل { $actor } وشخصان آخران مع منشورك «{ $post }»
    [few] تفاعل { $actor } و{ $count } أشخاص آخرين مع منشورك «{ $post }»
   *[other] تفاعل { $actor } و{ $count } شخصًا آخر مع منشورك «{ $post }»
}
notification-reaction-comment = { $count ->
    [0] تفاعل { $actor } مع تعليقك على «{ $post }»
    [one] تفاعل { $actor } وشخص آخر مع تعليقك على «{ $post }»
    [two] تفاعل { $actor } وشخصان آخران مع تعليقك على «{ $post }»
    [few] تفاعل { $actor } و{ $count } أشخاص آخرين مع تعليقك على «{ $post }»
   *[other] تفاعل { $actor } و{ $count } شخصًا آخر مع تعليقك على «{ $post }»
}
notification-post-new = نشر { $actor } «{ $post }» في { $space }
notification-join-approved = قُبل طلبك للانضمام إلى { $space }
notification-join-refused = رُفض طلبك للانضمام إلى { $space }
notification-space-invitation = دعاك { $actor } إلى الانضمام إلى { $space }
notification-join-requested = يطلب { $actor } الانضمام إلى { $space }
notification-follow-requested = يطلب { $actor } متابعة { $space } من خادم آخر
notification-event-registration = سجّل { $actor } في «{ $event }»
notification-event-registration-pending = يطلب { $actor } التسجيل في «{ $event }»
notification-event-unregistration = ألغى { $actor } تسجيله في «{ $event }»
notification-event-waitlist = { $actor } على قائمة الانتظار لـ«{ $event }»
notification-event-waitlist-moved-up = انتقل { $actor } من قائمة الانتظار إلى المسجّلين في «{ $event }»
notification-event-updated = تغيّر «{ $event }» في { $space }: { $changed }
notification-event-cancelled = أُلغي «{ $event }» في { $space }
notification-event-reminder-day = يبدأ «{ $event }» غدًا: { $when }
notification-event-reminder-hour = يبدأ «{ $event }» بعد ساعة: { $when }
notification-event-accepted = تأكّد تسجيلك في «{ $event }»
notification-event-accepted-freed = شغر مكان: أنت الآن مسجّل في «{ $event }»
notification-event-accepted-waiting = أنت على قائمة الانتظار لـ«{ $event }»
notification-event-rejected = رُفض تسجيلك في «{ $event }»
notification-event-replay-recording = تسجيل «{ $event }» في { $space } متاح الآن
notification-event-replay-slides = شرائح «{ $event }» في { $space } متاحة الآن
notification-event-replay-notes = ملاحظات «{ $event }» في { $space } متاحة الآن
notification-event-message = كتب { $actor } إلى المشاركين في «{ $event }»: { $subject }
notification-library-changed = عدّل { $actor } «{ $item }» في { $space }
notification-library-commented = علّق { $actor } على «{ $item }» في { $space }
notification-report-new = أرسل { $actor } بلاغًا إلى المشرفين
notification-report-new-remote = بلاغ من { $origin } ينتظر المشرفين

nav-notifications = الإشعارات
nav-notifications-unread = { $count ->
    [one] إشعار واحد غير مقروء
    [two] إشعاران غير مقروءين
    [few] { $count } إشعارات غير مقروءة
   *[other] { $count } إشعارًا غير مقروء
}
notifications-title = الإشعارات
notifications-none = لا شيء جديد لك بعد.
notifications-unread-label = غير مقروء
notifications-mark-read = تعليم كمقروء
notifications-mark-all-read = تعليم الكل كمقروء
notifications-open = فتح
notifications-newer = الأحدث
notifications-older = الأقدم
notifications-all-read = قُرئ كل شيء.

settings-timezone = منطقتك الزمنية
settings-timezone-hint = تُكتب الأوقات في الإشعارات والرسائل الإلكترونية بحسب هذه المنطقة.
settings-timezone-utc = UTC (التوقيت العالمي)

## Following a library item
library-follow = متابعة: أعلمني بالتعديلات والتعليقات
library-unfollow = تتابعه: توقّف عن إعلامي
