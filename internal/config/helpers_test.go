package config

import (
	"encoding/base64"
	"strings"
)

var (
	testKeySpec = "k1:" + base64.StdEncoding.EncodeToString([]byte(strings.Repeat("K", 32)))
	testAdmin   = "admin-key-0123456789-0123456789-xyz"
)

// env returns a lookupEnv over m.
func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

// requiredEnv is the smallest environment that validates, plus extra.
func requiredEnv(extra map[string]string) map[string]string {
	m := map[string]string{
		"SFBRIDGE_ENCRYPTION_KEYS": testKeySpec,
		"SFBRIDGE_ADMIN_API_KEY":   testAdmin,
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// validConfig is Default with the required settings filled.
func validConfig() Config {
	c := Default()
	c.EncryptionKeys = testKeySpec
	c.AdminAPIKey = testAdmin
	return c
}
