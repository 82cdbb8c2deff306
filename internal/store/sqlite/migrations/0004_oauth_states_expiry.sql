-- Expired OAuth states are deleted by expiry time.
CREATE INDEX oauth_states_expires ON oauth_states (expires_at);
