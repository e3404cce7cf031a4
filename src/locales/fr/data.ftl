## Personal data: export, account deletion, profile visibility, the privacy notice.

