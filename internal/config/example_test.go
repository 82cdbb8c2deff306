package config_test

import (
	"fmt"

	"github.com/sfbridge/sfbridge/internal/config"
)

func ExampleLoadFor() {
	env := map[string]string{
		"SFBRIDGE_ENCRYPTION_KEYS": "k1:S0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0VZS0U=",
		"SFBRIDGE_ADMIN_API_KEY":   "an-admin-key-of-at-least-32-characters",
		"SFBRIDGE_LOG_LEVEL":       "debug",
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }

	cfg, err := config.LoadFor("serve", []string{"--listen=:9000", "--log-level=warn"}, lookup)
	if err != nil {
		fmt.Println(err)
		return
	}
	dialect, dsn, _ := cfg.Database()
	fmt.Println(cfg.Listen, cfg.LogLevel, cfg.CallbackURL())
	fmt.Println(dialect, dsn)
	fmt.Println(cfg.Redacted().AdminAPIKey)
	// Output:
	// :9000 warn http://localhost:9000/v1/oauth/callback
	// sqlite ./sfbridge-data/sfbridge.db
	// [redacted]
}

func ExampleConfig_Validate() {
	cfg := config.Default() // the demo builds its Config in code
	cfg.Demo = true
	cfg.AdminAPIKey = "short"
	cfg.LogFormat = "xml"
	fmt.Println(cfg.Validate())
	// Output:
	// invalid configuration (2 problems):
	//   - SFBRIDGE_ADMIN_API_KEY (--admin-api-key) is 5 characters: set it to a random string of at least 32 characters
	//   - SFBRIDGE_LOG_FORMAT (--log-format) is "xml": want text or json
}
