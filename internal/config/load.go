package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Load reads the configuration from args (without the command name) and
// the environment, then validates it. It is [LoadFor] with the command
// name "sfbridge".
func Load(args []string, lookupEnv func(string) (string, bool)) (Config, error) {
	return LoadFor("sfbridge", args, lookupEnv)
}

// LoadFor reads the configuration of command (such as "serve") from args
// and lookupEnv (os.LookupEnv in main; nil means an empty environment),
// then validates it. -h and --help return [flag.ErrHelp] unwrapped, so
// the caller can print [Describe] and exit 0. Invalid settings return a
// *[ValidationError] listing every problem.
func LoadFor(command string, args []string, lookupEnv func(string) (string, bool)) (Config, error) {
	fs := flag.NewFlagSet(command, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return LoadFlags(fs, args, lookupEnv)
}

// LoadFlags is [LoadFor] on a caller's flag set, for commands with flags
// of their own besides the settings. It registers the settings on fs,
// parses args, fills settings whose flag was not given from lookupEnv
// (the caller's own flags are left alone), derives PublicURL when unset,
// trims spaces and validates. Positional arguments are refused.
func LoadFlags(fs *flag.FlagSet, args []string, lookupEnv func(string) (string, bool)) (Config, error) {
	cfg := Default()
	for _, s := range settings {
		ptr := s.field(&cfg)
		fs.StringVar(ptr, s.Flag, *ptr, s.Usage)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return Config{}, flag.ErrHelp
		}
		// The flag package's messages hold the flag name, never the
		// value of a string flag.
		return Config{}, fmt.Errorf("reading %s flags: %w", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		// Not echoed: a misplaced secret would end up here.
		return Config{}, fmt.Errorf("reading %s flags: unexpected argument at position %d: settings are given as --name=value", fs.Name(), len(args)-fs.NArg()+1)
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, s := range settings {
		ptr := s.field(&cfg)
		if !given[s.Flag] && lookupEnv != nil {
			if v, ok := lookupEnv(s.Env); ok && strings.TrimSpace(v) != "" {
				*ptr = v
			}
		}
		*ptr = strings.TrimSpace(*ptr)
	}
	if cfg.PublicURL == "" {
		cfg.PublicURL = cfg.ResolvedPublicURL()
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}
