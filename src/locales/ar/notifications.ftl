## Notifications: what each kind says, the notifications page, the unread count.

