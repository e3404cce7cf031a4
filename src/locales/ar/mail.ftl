## Email: notification emails, digests, notification preferences, unsubscribing, the admin's outbox.

