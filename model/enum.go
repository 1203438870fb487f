package model

import (
	"fmt"
	"strings"
)

// The enumerations below are strings whose values are exactly the words of
// the product vocabulary, so they print, store and export without a mapping
// table. Each has a Parse function that accepts those words in any case and
// with surrounding space, and refuses everything else with a message listing
// the words that are allowed.

// ForumKind says what sort of forum a forum is.
type ForumKind string

// Forum kinds.
const (
	KindGlobal   ForumKind = "global"
	KindRegional ForumKind = "regional"
	KindNational ForumKind = "national"
	KindYouth    ForumKind = "youth"
	KindOther    ForumKind = "other"
)

// ForumKinds lists every forum kind in the product's order.
func ForumKinds() []ForumKind {
	return []ForumKind{KindGlobal, KindRegional, KindNational, KindYouth, KindOther}
}

// ParseForumKind reads a forum kind.
func ParseForumKind(s string) (ForumKind, error) { return parseEnum(s, ForumKinds()) }

// Attendance says how people take part in a forum: in the room, online or both.
type Attendance string

// Forum formats.
const (
	InPerson Attendance = "in-person"
	Online   Attendance = "online"
	Hybrid   Attendance = "hybrid"
)

// Attendances lists every forum format in the product's order.
func Attendances() []Attendance { return []Attendance{InPerson, Online, Hybrid} }

// ParseAttendance reads a forum format.
func ParseAttendance(s string) (Attendance, error) { return parseEnum(s, Attendances()) }

// SessionFormat is the kind of session on a forum's programme.
type SessionFormat string

// Session formats.
const (
	FormatWorkshop      SessionFormat = "workshop"
	FormatOpenForum     SessionFormat = "open-forum"
	FormatDCSession     SessionFormat = "dc-session"
	FormatMainSession   SessionFormat = "main-session"
	FormatLightningTalk SessionFormat = "lightning-talk"
	FormatTownHall      SessionFormat = "town-hall"
	FormatNetworking    SessionFormat = "networking"
	FormatOther         SessionFormat = "other"
)

// SessionFormats lists every session format in the product's order.
func SessionFormats() []SessionFormat {
	return []SessionFormat{FormatWorkshop, FormatOpenForum, FormatDCSession, FormatMainSession,
		FormatLightningTalk, FormatTownHall, FormatNetworking, FormatOther}
}

// ParseSessionFormat reads a session format.
func ParseSessionFormat(s string) (SessionFormat, error) { return parseEnum(s, SessionFormats()) }

// SessionStatus is where a session stands, from an idea to a session held.
type SessionStatus string

// Session statuses, in the order a session moves through them.
const (
	StatusIdea      SessionStatus = "idea"
	StatusProposed  SessionStatus = "proposed"
	StatusAccepted  SessionStatus = "accepted"
	StatusScheduled SessionStatus = "scheduled"
	StatusHeld      SessionStatus = "held"
	StatusCancelled SessionStatus = "cancelled"
)

// SessionStatuses lists every session status in the product's order.
func SessionStatuses() []SessionStatus {
	return []SessionStatus{StatusIdea, StatusProposed, StatusAccepted, StatusScheduled, StatusHeld, StatusCancelled}
}

// ParseSessionStatus reads a session status.
func ParseSessionStatus(s string) (SessionStatus, error) { return parseEnum(s, SessionStatuses()) }

// StakeholderGroup is the multi-stakeholder community a person speaks for.
type StakeholderGroup string

// Stakeholder groups.
const (
	GroupGovernment         StakeholderGroup = "government"
	GroupPrivateSector      StakeholderGroup = "private-sector"
	GroupCivilSociety       StakeholderGroup = "civil-society"
	GroupTechnicalCommunity StakeholderGroup = "technical-community"
	GroupIntergovernmental  StakeholderGroup = "intergovernmental"
	GroupAcademia           StakeholderGroup = "academia"
)

// StakeholderGroups lists every stakeholder group in the product's order.
func StakeholderGroups() []StakeholderGroup {
	return []StakeholderGroup{GroupGovernment, GroupPrivateSector, GroupCivilSociety,
		GroupTechnicalCommunity, GroupIntergovernmental, GroupAcademia}
}

// ParseStakeholderGroup reads a stakeholder group.
func ParseStakeholderGroup(s string) (StakeholderGroup, error) {
	return parseEnum(s, StakeholderGroups())
}

// Region is a United Nations regional group. The zero value means none given.
type Region string

// UN regional groups.
const (
	RegionNone            Region = ""
	RegionAfrican         Region = "african"
	RegionAsiaPacific     Region = "asia-pacific"
	RegionEasternEuropean Region = "eastern-european"
	RegionGRULAC          Region = "grulac"
	RegionWEOG            Region = "weog"
)

// Regions lists every UN regional group in the product's order (not the empty one).
func Regions() []Region {
	return []Region{RegionAfrican, RegionAsiaPacific, RegionEasternEuropean, RegionGRULAC, RegionWEOG}
}

// ParseRegion reads a UN regional group; an empty text means none.
func ParseRegion(s string) (Region, error) {
	if strings.TrimSpace(s) == "" {
		return RegionNone, nil
	}
	return parseEnum(s, Regions())
}

// Gender is a person's gender as they chose to give it.
type Gender string

// Genders.
const (
	GenderFemale      Gender = "female"
	GenderMale        Gender = "male"
	GenderNonBinary   Gender = "non-binary"
	GenderUndisclosed Gender = "undisclosed"
)

// Genders lists every gender in the product's order.
func Genders() []Gender {
	return []Gender{GenderFemale, GenderMale, GenderNonBinary, GenderUndisclosed}
}

// ParseGender reads a gender; an empty text means undisclosed.
func ParseGender(s string) (Gender, error) {
	if strings.TrimSpace(s) == "" {
		return GenderUndisclosed, nil
	}
	return parseEnum(s, Genders())
}

// Role is what a person does in a session.
type Role string

// Roles.
const (
	RoleModerator       Role = "moderator"
	RoleOnlineModerator Role = "online-moderator"
	RoleSpeaker         Role = "speaker"
	RoleRapporteur      Role = "rapporteur"
	RoleOrganiser       Role = "organiser"
)

// Roles lists every role in the product's order.
func Roles() []Role {
	return []Role{RoleModerator, RoleOnlineModerator, RoleSpeaker, RoleRapporteur, RoleOrganiser}
}

// ParseRole reads a role.
func ParseRole(s string) (Role, error) { return parseEnum(s, Roles()) }

// Confirmation is whether a person invited to a session has said yes.
type Confirmation string

// Participation statuses.
const (
	Invited   Confirmation = "invited"
	Confirmed Confirmation = "confirmed"
	Declined  Confirmation = "declined"
)

// Confirmations lists every participation status in the product's order.
func Confirmations() []Confirmation { return []Confirmation{Invited, Confirmed, Declined} }

// ParseConfirmation reads a participation status; an empty text means confirmed.
func ParseConfirmation(s string) (Confirmation, error) {
	if strings.TrimSpace(s) == "" {
		return Confirmed, nil
	}
	return parseEnum(s, Confirmations())
}

// ActionStatus is where an action item stands.
type ActionStatus string

// Action statuses.
const (
	ActionOpen       ActionStatus = "open"
	ActionInProgress ActionStatus = "in-progress"
	ActionDone       ActionStatus = "done"
	ActionDropped    ActionStatus = "dropped"
)

// ActionStatuses lists every action status in the product's order.
func ActionStatuses() []ActionStatus {
	return []ActionStatus{ActionOpen, ActionInProgress, ActionDone, ActionDropped}
}

// ParseActionStatus reads an action status.
func ParseActionStatus(s string) (ActionStatus, error) { return parseEnum(s, ActionStatuses()) }

// Closed reports whether nothing more is expected of the action.
func (s ActionStatus) Closed() bool { return s == ActionDone || s == ActionDropped }

func parseEnum[T ~string](s string, all []T) (T, error) {
	word := strings.ToLower(strings.TrimSpace(s))
	for _, v := range all {
		if string(v) == word {
			return v, nil
		}
	}
	words := make([]string, len(all))
	for i, v := range all {
		words[i] = string(v)
	}
	if word == "" {
		return "", fmt.Errorf("is empty; use one of %s", strings.Join(words, ", "))
	}
	return "", fmt.Errorf("%q is not one of %s", strings.TrimSpace(s), strings.Join(words, ", "))
}
