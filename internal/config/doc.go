// Package config is the sfbridge service's configuration: one typed
// [Config] read from command-line flags and SFBRIDGE_* environment
// variables, validated at start so that bad configuration fails at once
// with messages that name the setting.
//
// Every setting is declared once, in the table behind [Settings], with
// its flag, environment variable, default, example and whether it is
// secret. [Load] and [LoadFor] read it, [Describe] documents it for
// --help and the README, [Config.Validate] checks it and
// [Config.Redacted] makes a copy that is safe to log.
//
// A flag overrides its environment variable, which overrides the
// default. An environment variable set to the empty string counts as
// unset. Secrets are better passed in the environment than as flags,
// where other users of the machine can read them in the process list.
//
// Commands that build a Config in code (the demo) start from [Default],
// set what they need and call [Config.Validate].
package config
