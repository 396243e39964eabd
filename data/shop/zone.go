package shop

import (
	"errors"
	"sync"
	"time"
)

// zoneCache holds every zone LoadZone has read, by name: time.LoadLocation reads
// and parses the zone database each time, which dominated a plan or an import of a
// hundred thousand customers.
var zoneCache sync.Map // name → *time.Location, or error for an unknown name

// errNoZone is LoadZone's answer for an empty name.
var errNoZone = errors.New("no time zone given")

// LoadZone loads an IANA time zone ("America/Chicago") once and keeps it. It is
// the one way Rapport reads a zone name; an empty or unknown name is an error.
func LoadZone(name string) (*time.Location, error) {
	if name == "" {
		return nil, errNoZone
	}
	if v, ok := zoneCache.Load(name); ok {
		if loc, ok := v.(*time.Location); ok {
			return loc, nil
		}
		return nil, v.(error)
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		if err == nil {
			// "Local" is the machine's zone, which differs from machine to machine;
			// a shop's data must mean the same everywhere.
			err = errors.New(`"Local" is not a time zone name`)
		}
		zoneCache.Store(name, err)
		return nil, err
	}
	zoneCache.Store(name, loc)
	return loc, nil
}

// ZoneOr is the zone named, or fallback when the name is empty or unknown: the one
// fallback rule. A customer's times fall back to the shop's zone
// (Customer.Location), and the shop's to UTC (Business.Location).
func ZoneOr(name string, fallback *time.Location) *time.Location {
	if loc, err := LoadZone(name); err == nil {
		return loc
	}
	return fallback
}
