## Keeping an account: passwords and resets, email verification, the second factor, sessions and tokens.

