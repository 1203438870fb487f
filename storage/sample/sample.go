// Package sample holds the plan that `convene demo` loads: the Dynamic
// Coalition on the Internet of Things' year of engagement in 2021, taken from
// its 2020 report and 2021 plan, with a few planning problems left in on
// purpose so the planning checks have something to show.
//
// The people and organisations are invented. EuroDIG 2021 and IGF 2021 keep
// their real dates and places; the national forums' dates are plausible, not
// historical.
package sample

import (
	"context"
	"fmt"
	"time"

	"github.com/convene-planner/convene/model"
	"github.com/convene-planner/convene/storage"
)

// The problems planted in the sample, so the Check view is not empty:
//
//   - Zofia Wróblewska speaks at the joint DC-CIV/DC-IoT session and moderates
//     the EU sector inquiry open forum, which overlap on 8 December at IGF 2021;
//   - José Álvarez-Núñez, in Buenos Aires, speaks at the vulnerability
//     disclosure workshop at 09:00 in Katowice, 05:00 where he is;
//   - the software update lightning talk has speakers from the private sector only;
//   - the online moderator of the IGF-USA session was to be confirmed by
//     1 July 2021 and the action item is still open.
//
// Everything else is meant to pass the checks; sample_test.go holds it to that.

var coalitions = []model.Coalition{
	// The first coalition a plan gets is its own.
	{Name: "Dynamic Coalition on the Internet of Things", ShortName: "DC-IoT"},
	{Name: "Dynamic Coalition on Core Internet Values", ShortName: "DC-CIV"},
}

// Seed topics, spelled as the product suggests them.
const (
	topicStandards     = "IoT device management and security standards"
	topicVulnerability = "vulnerability management and disclosure"
	topicEnforcement   = "enforcement and waivers"
	topicConfiguration = "device configuration"
	topicDataProtect   = "data protection"
	topicLogicalAccess = "logical access to interfaces"
	topicSoftwareUp    = "software update"
	topicStateAware    = "cybersecurity state awareness"
	topicDataAccess    = "data access and interoperability"
)

// forumRow is a forum as written below; key is how sessions and actions name it.
type forumRow struct {
	key      string
	name     string
	kind     model.ForumKind
	city     string
	country  string
	format   model.Attendance
	first    model.Date
	last     model.Date
	zone     string
	website  string
	deadline model.Date
	notes    string
}

func day(y int, m time.Month, d int) model.Date { return model.Date{Year: y, Month: m, Day: d} }

var forums = []forumRow{
	{
		key: "eurodig", name: "EuroDIG 2021", kind: model.KindRegional,
		city: "Trieste", country: "IT", format: model.Hybrid,
		first: day(2021, time.June, 28), last: day(2021, time.June, 30), zone: "Europe/Rome",
		website: "https://eurodig.org", deadline: day(2021, time.January, 31),
		notes: "The European Dialogue on Internet Governance, on site in Trieste and online.",
	},
	{
		key: "fib", name: "Fórum da Internet no Brasil 2021", kind: model.KindNational,
		city: "São Paulo", country: "BR", format: model.Online,
		first: day(2021, time.May, 31), last: day(2021, time.June, 4), zone: "America/Sao_Paulo",
		website: "https://forumdainternet.cgi.br", deadline: day(2021, time.March, 31),
		notes: "The Brazilian Internet Forum, online this year.\nSessions in Portuguese; interpretation on request.",
	},
	{
		key: "igfusa", name: "IGF-USA 2021", kind: model.KindNational,
		city: "Washington", country: "US", format: model.Online,
		first: day(2021, time.July, 15), last: day(2021, time.July, 15), zone: "America/New_York",
		website: "https://www.igf-usa.org", deadline: day(2021, time.May, 14),
		notes: "One day, online. The place to discuss the IoT Cybersecurity Improvement Act of 2020.",
	},
	{
		key: "nethui", name: "NetHui 2021", kind: model.KindNational,
		city: "Wellington", country: "NZ", format: model.Hybrid,
		first: day(2021, time.October, 21), last: day(2021, time.October, 22), zone: "Pacific/Auckland",
		website: "https://nethui.nz", deadline: day(2021, time.August, 13),
		notes: "New Zealand's Internet community event. New Zealand is on daylight time (UTC+13) by then.",
	},
	{
		key: "igf", name: "IGF 2021", kind: model.KindGlobal,
		city: "Katowice", country: "PL", format: model.Hybrid,
		first: day(2021, time.December, 6), last: day(2021, time.December, 10), zone: "Europe/Warsaw",
		website: "https://www.intgovforum.org", deadline: day(2021, time.April, 26),
		notes: "The 16th Internet Governance Forum, \"Internet United\", hosted by Poland.\n" +
			"Hybrid: speakers may take part online, so mind their local time.",
	},
}

// personRow is a person as written below; key is how sessions and actions name them.
type personRow struct {
	key         string
	name        string
	email       string
	affiliation string
	group       model.StakeholderGroup
	region      model.Region
	gender      model.Gender
	country     string
	zone        string
	bio         string
	available   []window // none: any time
}

// window is a span of availability as forum-local clock times.
type window struct {
	zone       string
	start, end string // "YYYY-MM-DD HH:MM"
}

var people = []personRow{
	{
		key: "maarten", name: "Maarten de Vries", email: "maarten.devries@example.org",
		affiliation: "Stichting Open Apparaten", group: model.GroupTechnicalCommunity,
		region: model.RegionWEOG, gender: model.GenderMale, country: "NL", zone: "Europe/Amsterdam",
		bio: "Coordinator of the Dynamic Coalition on the Internet of Things.\n" +
			"Network engineer; has followed IoT security guidelines since the first consumer hubs.",
	},
	{
		key: "alex", name: "Alex Moreau", email: "alex.moreau@example.org",
		affiliation: "Association Valeurs du Net", group: model.GroupCivilSociety,
		region: model.RegionWEOG, gender: model.GenderNonBinary, country: "FR", zone: "Europe/Paris",
		bio: "Co-coordinator of the Dynamic Coalition on Core Internet Values.",
	},
	{
		key: "zofia", name: "Zofia Wróblewska", email: "zofia.wroblewska@example.org",
		affiliation: "Urząd Standardów Cyfrowych", group: model.GroupGovernment,
		region: model.RegionEasternEuropean, gender: model.GenderFemale, country: "PL", zone: "Europe/Warsaw",
		bio: "Leads work on connected-device security requirements in a Polish standards office.\n" +
			"Follows the EU sector inquiry into consumer IoT for the coalition.",
	},
	{
		key: "li", name: "李明 (Li Ming)", email: "li.ming@example.com",
		affiliation: "Open IoT Standards Forum", group: model.GroupTechnicalCommunity,
		region: model.RegionAsiaPacific, gender: model.GenderMale, country: "CN", zone: "Asia/Shanghai",
		bio: "Editor of device-identity and software-update specifications.",
	},
	{
		key: "jose", name: "José Álvarez-Núñez", email: "jose.alvarez@example.org",
		affiliation: "Fundación Derechos Digitales del Sur", group: model.GroupCivilSociety,
		region: model.RegionGRULAC, gender: model.GenderMale, country: "AR", zone: "America/Argentina/Buenos_Aires",
		bio: "Consumer-rights advocate in Buenos Aires.\n" +
			"Works on vulnerability disclosure policies and on what buyers of connected devices are told.\n" +
			"Takes part online.",
	},
	{
		key: "amara", name: "Amara Okafor", email: "amara.okafor@example.com",
		affiliation: "Lagos Smart Home Systems", group: model.GroupPrivateSector,
		region: model.RegionAfrican, gender: model.GenderFemale, country: "NG", zone: "Africa/Lagos",
		bio: "Head of product security at a maker of consumer IoT devices.",
	},
	{
		key: "wanjiru", name: "Wanjiru Kamau", email: "wanjiru.kamau@example.org",
		affiliation: "Nairobi Institute of Technology Policy", group: model.GroupAcademia,
		region: model.RegionAfrican, gender: model.GenderFemale, country: "KE", zone: "Africa/Nairobi",
		bio: "Researcher on IoT regulation in emerging markets; rapporteur for the coalition.",
	},
	{
		key: "helen", name: "Helen Marsh", email: "helen.marsh@example.com",
		affiliation: "Brightwell Devices", group: model.GroupPrivateSector,
		region: model.RegionWEOG, gender: model.GenderFemale, country: "US", zone: "America/New_York",
		bio: "Security standards lead at a consumer-electronics maker.\n" +
			"Took part in the C2 consensus effort and keeps the coalition in touch with it.",
	},
	{
		key: "daniel", name: "Daniel Brooks", email: "daniel.brooks@example.org",
		affiliation: "Federal Connected Devices Program", group: model.GroupGovernment,
		region: model.RegionWEOG, gender: model.GenderMale, country: "US", zone: "America/New_York",
		bio: "Works on procurement rules for IoT devices bought by federal agencies.",
	},
	{
		key: "beatriz", name: "Beatriz Souza", email: "beatriz.souza@example.org",
		affiliation: "Instituto Conexão Segura", group: model.GroupCivilSociety,
		region: model.RegionGRULAC, gender: model.GenderFemale, country: "BR", zone: "America/Sao_Paulo",
		bio: "Runs digital-security trainings for households and small offices.",
	},
	{
		key: "tomas", name: "Tomás Herrera", email: "tomas.herrera@example.org",
		affiliation: "Agencia Nacional de Conectividad", group: model.GroupGovernment,
		region: model.RegionGRULAC, gender: model.GenderMale, country: "CO", zone: "America/Bogota",
		bio: "Policy adviser on device certification.",
	},
	{
		key: "aroha", name: "Aroha Ngata", email: "aroha.ngata@example.net",
		affiliation: "Tūhono Digital Trust", group: model.GroupCivilSociety,
		region: model.RegionWEOG, gender: model.GenderFemale, country: "NZ", zone: "Pacific/Auckland",
		bio: "Community organiser; brings the coalition's work to NetHui.",
	},
	{
		key: "hemi", name: "Hemi Walker", email: "hemi.walker@example.net",
		affiliation: "Digital Policy Unit, Wellington", group: model.GroupGovernment,
		region: model.RegionWEOG, gender: model.GenderMale, country: "NZ", zone: "Pacific/Auckland",
		bio:       "Policy analyst on consumer IoT labelling.",
		available: []window{{zone: "Pacific/Auckland", start: "2021-10-21 09:00", end: "2021-10-21 17:00"}},
	},
	{
		key: "sam", name: "Sam Taylor", email: "sam.taylor@example.net",
		affiliation: "Oceania Device Security Working Group", group: model.GroupTechnicalCommunity,
		region: model.RegionWEOG, gender: model.GenderUndisclosed, country: "AU", zone: "Australia/Sydney",
		bio: "Maintains an open test suite for home-router and camera firmware.",
	},
	{
		key: "kenji", name: "Kenji Watanabe", email: "kenji.watanabe@example.com",
		affiliation: "Hoshino Electronics", group: model.GroupPrivateSector,
		region: model.RegionAsiaPacific, gender: model.GenderMale, country: "JP", zone: "Asia/Tokyo",
		bio: "Firmware architect; works on over-the-air software update.",
	},
	{
		key: "priya", name: "Priya Raghunathan", email: "priya.raghunathan@example.org",
		affiliation: "Asia-Pacific Digital Cooperation Centre", group: model.GroupIntergovernmental,
		region: model.RegionAsiaPacific, gender: model.GenderFemale, country: "IN", zone: "Asia/Kolkata",
		bio: "Programme officer for cybersecurity capacity building among member states.",
	},
	{
		key: "nadia", name: "Nadia Haddad", email: "nadia.haddad@example.org",
		affiliation: "Regional ICT Cooperation Organisation", group: model.GroupIntergovernmental,
		region: model.RegionAfrican, gender: model.GenderFemale, country: "EG", zone: "Africa/Cairo",
		bio: "Coordinates work on interoperability and data-sharing frameworks.\n" +
			"Previously a telecoms regulator.",
	},
	{
		key: "olena", name: "Olena Kovalenko", email: "olena.kovalenko@example.org",
		affiliation: "Kyiv School of Information Law", group: model.GroupAcademia,
		region: model.RegionEasternEuropean, gender: model.GenderFemale, country: "UA", zone: "Europe/Kyiv",
		bio: "Teaches data protection law; writes on liability for insecure devices.",
	},
	{
		key: "marek", name: "Marek Novák", email: "marek.novak@example.com",
		affiliation: "Vltava Networks", group: model.GroupPrivateSector,
		region: model.RegionEasternEuropean, gender: model.GenderMale, country: "CZ", zone: "Europe/Prague",
		bio: "Product manager for managed home gateways at a network operator.",
	},
	{
		key: "sipho", name: "Sipho Dlamini", email: "sipho.dlamini@example.net",
		affiliation: "Johannesburg Internet Exchange Community", group: model.GroupTechnicalCommunity,
		region: model.RegionAfrican, gender: model.GenderMale, country: "ZA", zone: "Africa/Johannesburg",
		bio: "Network operator and trainer on secure device onboarding.",
	},
}

// sessionRow is a session as written below: times are clock times in its
// forum's zone, both empty for an unscheduled idea.
type sessionRow struct {
	key         string // how actions name it; also the tail of its UID
	forum       string
	title       string
	format      model.SessionFormat
	start, end  string // "YYYY-MM-DD HH:MM" in the forum's zone
	room        string
	status      model.SessionStatus
	organisers  []string
	topics      []string
	description string
	reportDue   model.Date
	people      []part
}

// part is a participation: a person's key, role and confirmation.
type part struct {
	who    string
	role   model.Role
	status model.Confirmation
}

// Shorthands for the participation tables below.
const (
	moderator       = model.RoleModerator
	onlineModerator = model.RoleOnlineModerator
	speaker         = model.RoleSpeaker
	rapporteur      = model.RoleRapporteur
	organiser       = model.RoleOrganiser

	yes      = model.Confirmed
	invited  = model.Invited
	declined = model.Declined
)

var sessions = []sessionRow{
	{
		key: "eurodig-standards", forum: "eurodig",
		title:  "Security standards for IoT across the economy",
		format: model.FormatWorkshop, start: "2021-06-29 11:00", end: "2021-06-29 12:30",
		room: "Sala Miramare", status: model.StatusHeld, organisers: []string{"DC-IoT"},
		topics: []string{topicStandards, topicSoftwareUp},
		description: "The tail end of 2020 brought the enactment of the Internet of Things Cybersecurity " +
			"Improvement Act of 2020, promising new scrutiny of IoT security through U.S. federal " +
			"procurement, with a significant impact expected on IoT manufacturers across the economy.\n\n" +
			"This workshop compares standards and guidelines for IoT device management and security " +
			"on both sides of the Atlantic, with network operators and manufacturers of consumer IoT goods.",
		people: []part{
			{"maarten", moderator, yes},
			{"amara", speaker, yes},
			{"li", speaker, yes},
			{"zofia", speaker, yes},
			{"alex", rapporteur, yes},
		},
	},
	{
		key: "fib-data-protection", forum: "fib",
		title:  "Proteção de dados em dispositivos IoT de consumo",
		format: model.FormatWorkshop, start: "2021-06-01 10:00", end: "2021-06-01 11:30",
		room: "Online", status: model.StatusCancelled, organisers: []string{"DC-IoT"},
		topics: []string{topicDataProtect, topicDataAccess},
		description: "Data protection in consumer IoT devices: what connected products collect, " +
			"who can access the data, and what buyers are told.\n\n" +
			"Cancelled: the speakers asked to bring the discussion to IGF 2021 instead.",
		people: []part{
			{"beatriz", moderator, yes},
			{"jose", speaker, yes},
			{"tomas", speaker, yes},
			{"helen", speaker, yes},
		},
	},
	{
		key: "igfusa-enforcement", forum: "igfusa",
		title:  "Enforcement and waivers: the IoT Cybersecurity Improvement Act in practice",
		format: model.FormatWorkshop, start: "2021-07-15 11:00", end: "2021-07-15 12:15",
		room: "Online", status: model.StatusScheduled, organisers: []string{"DC-IoT"},
		topics: []string{topicEnforcement, topicVulnerability},
		description: "The Act bars federal agencies from buying IoT devices that do not meet NIST's standards " +
			"and guidelines unless a waiver is granted. While its focus is on devices the federal " +
			"government buys, it is expected to have a significant impact on IoT manufacturers across " +
			"the economy, and its vulnerability disclosure provisions on enterprise cybersecurity.\n\n" +
			"How will enforcement and waiver applications on best-practice models work?",
		people: []part{
			{"daniel", moderator, yes},
			{"beatriz", onlineModerator, invited},
			{"helen", speaker, yes},
			{"jose", speaker, yes},
			{"wanjiru", speaker, yes},
			{"tomas", rapporteur, yes},
		},
	},
	{
		key: "nethui-home", forum: "nethui",
		title:  "Software update and device configuration in the stay-at-home network",
		format: model.FormatTownHall, start: "2021-10-21 13:00", end: "2021-10-21 14:00",
		room: "Kōwhai Room", status: model.StatusScheduled, organisers: []string{"DC-IoT"},
		topics: []string{topicSoftwareUp, topicConfiguration},
		description: "The shift away from the daily office towards stay-at-home work, education and " +
			"entertainment brought security threats into more places, with IoT equipment deployed " +
			"across make-shift offices and homes.\n\n" +
			"Who updates the devices in a home, and who configures them?",
		people: []part{
			{"aroha", moderator, yes},
			{"hemi", speaker, yes},
			{"kenji", speaker, yes},
			{"li", speaker, yes},
			{"sam", rapporteur, yes},
		},
	},
	{
		key: "igf-vulnerability", forum: "igf",
		title:  "Vulnerability management and disclosure: from law to practice",
		format: model.FormatWorkshop, start: "2021-12-07 09:00", end: "2021-12-07 10:30",
		room: "Ballroom B", status: model.StatusScheduled, organisers: []string{"DC-IoT"},
		topics:    []string{topicVulnerability, topicEnforcement},
		reportDue: day(2022, time.January, 21),
		description: "Increased scrutiny on vulnerability disclosure practices: what the IoT Cybersecurity " +
			"Improvement Act of 2020 asks of contractors and manufacturers, how other regions compare, " +
			"and how a researcher or a consumer reports a flaw in a connected device.",
		people: []part{
			{"olena", moderator, yes},
			{"alex", onlineModerator, yes},
			{"jose", speaker, yes}, // planted: 05:00 in Buenos Aires
			{"li", speaker, yes},
			{"nadia", speaker, yes},
			{"priya", speaker, yes},
			{"wanjiru", rapporteur, yes},
		},
	},
	{
		key: "igf-joint", forum: "igf",
		title:  "Core Internet Values and the Internet of Things: secure devices at a global scale",
		format: model.FormatDCSession, start: "2021-12-08 11:30", end: "2021-12-08 13:00",
		room: "Conference Room 2", status: model.StatusScheduled, organisers: []string{"DC-CIV", "DC-IoT"},
		topics:    []string{topicStandards, topicStateAware},
		reportDue: day(2022, time.January, 21),
		description: "A joint Dynamic Coalition on Core Internet Values and Internet of Things collaborative session.\n\n" +
			"Global industry-driven standards and best practices can help solve the security challenges " +
			"and bring resilience to the IoT device ecosystem. The C2 effort harmonised technical " +
			"industry security guidelines around technology and design neutrality, as part of " +
			"consensus-based international standard creation: a more future-proof set of guidelines " +
			"that can be enabled at a global scale.\n\n" +
			"How do public-private partnerships and multistakeholder efforts carry these best practices " +
			"into the deployment of more secure IoT devices, without losing the Internet's core values?",
		people: []part{
			{"maarten", organiser, yes},
			{"alex", moderator, yes},
			{"beatriz", onlineModerator, yes},
			{"zofia", speaker, yes}, // planted: overlaps the EU sector inquiry forum she moderates
			{"kenji", speaker, yes},
			{"sipho", speaker, yes},
			{"priya", speaker, declined},
			{"wanjiru", rapporteur, yes},
		},
	},
	{
		key: "igf-eu-inquiry", forum: "igf",
		title:  "Data access and interoperability: the EU sector inquiry into consumer IoT",
		format: model.FormatOpenForum, start: "2021-12-08 12:30", end: "2021-12-08 13:30",
		room: "Conference Room 5", status: model.StatusScheduled, organisers: []string{"DC-IoT"},
		topics:    []string{topicDataAccess, topicDataProtect},
		reportDue: day(2022, time.January, 21),
		description: "The European Commission's sector inquiry, launched in autumn 2020, covers " +
			"\"consumer-related products and services that are connected to a network and can be " +
			"controlled at a distance, for example via a voice assistant or mobile device, including " +
			"smart home appliances and wearable devices\". Its final report is expected in summer 2022.\n\n" +
			"Key areas: use of data and data access; sector partnerships, where the Commission will " +
			"request contractual information when it is not satisfied with interoperability.",
		people: []part{
			{"zofia", moderator, yes},
			{"marek", speaker, yes},
			{"nadia", speaker, yes},
			{"amara", speaker, yes},
			{"olena", rapporteur, yes},
		},
	},
	{
		key: "igf-software-update", forum: "igf",
		title:  "Software update in practice: three manufacturers compare notes",
		format: model.FormatLightningTalk, start: "2021-12-09 14:00", end: "2021-12-09 14:30",
		room: "Lightning Talk Stage", status: model.StatusAccepted, organisers: []string{"DC-IoT"},
		topics: []string{topicSoftwareUp},
		description: "How long a device gets updates, how updates are signed and delivered, " +
			"and how the owner is told.",
		// Planted: speakers from the private sector only.
		people: []part{
			{"helen", speaker, yes},
			{"amara", speaker, yes},
			{"marek", speaker, yes},
		},
	},
	{
		key: "igf-logical-access", forum: "igf",
		title:  "Logical access to interfaces and cybersecurity state awareness",
		format: model.FormatWorkshop, status: model.StatusProposed, organisers: []string{"DC-IoT"},
		topics: []string{topicLogicalAccess, topicStateAware},
		description: "Two of the device cybersecurity capabilities in NIST's core baseline for IoT devices: " +
			"limiting logical access to a device's local and network interfaces, and letting the " +
			"owner know the device's cybersecurity state.",
		people: []part{
			{"maarten", moderator, yes},
			{"sam", speaker, yes},
			{"daniel", speaker, yes},
			{"nadia", speaker, yes},
			{"kenji", speaker, invited},
		},
	},
	{
		key: "igf-configuration", forum: "igf",
		title:  "Device configuration clinic: secure defaults for home IoT",
		format: model.FormatNetworking, status: model.StatusIdea, organisers: []string{"DC-IoT"},
		topics: []string{topicConfiguration},
		description: "An informal clinic: bring a device, leave with its settings checked " +
			"against a short list of secure defaults.",
		people: []part{
			{"sipho", speaker, yes},
			{"tomas", speaker, yes},
			{"beatriz", speaker, yes},
		},
	},
}

// actionRow is an action item as written below, naming its owner, forum and
// session by key.
type actionRow struct {
	title   string
	owner   string
	due     model.Date
	status  model.ActionStatus
	forum   string
	session string
	notes   string
}

var actions = []actionRow{
	{
		title: "Follow NIST's guidance under the IoT Cybersecurity Improvement Act of 2020",
		owner: "daniel", due: day(2021, time.December, 31), status: model.ActionInProgress,
		notes: "The Act has NIST publish standards and guidelines for IoT devices the federal government " +
			"buys, and guidelines on vulnerability disclosure.\n" +
			"Brief the coalition on each new NIST publication on IoT.",
	},
	{
		title: "Read and respond to the final report of the EU sector inquiry into consumer IoT",
		owner: "zofia", due: day(2022, time.September, 30), status: model.ActionOpen,
		notes: "The European Commission expects to publish its final report in summer 2022.\n" +
			"Watch for data access and interoperability.",
	},
	{
		title: "Work with the C2 consensus effort (CSDE's \"Convene the Conveners\") on IoT security best practices",
		owner: "helen", due: day(2021, time.December, 31), status: model.ActionInProgress,
		forum: "igf", session: "igf-joint",
		notes: "C2 is working with the DC-IoT on education and on leveraging public-private partnerships " +
			"for the adoption of best practices and standards for more secure IoT devices.",
	},
	{
		title: "Submit the IGF 2021 joint session proposal with DC-CIV before the deadline",
		owner: "maarten", due: day(2021, time.April, 26), status: model.ActionDone,
		forum: "igf", session: "igf-joint",
	},
	{
		title: "Arrange Portuguese–English interpretation for the FIB session",
		owner: "beatriz", due: day(2021, time.May, 21), status: model.ActionDropped,
		forum: "fib", session: "fib-data-protection",
		notes: "Dropped: the session was cancelled.",
	},
	{
		title: "Send the EuroDIG 2021 session report to the EuroDIG secretariat",
		owner: "alex", due: day(2021, time.July, 16), status: model.ActionDone,
		forum: "eurodig", session: "eurodig-standards",
	},
	{
		// Planted: overdue since 2 July 2021.
		title: "Get the online moderator confirmed for the IGF-USA session",
		owner: "daniel", due: day(2021, time.July, 1), status: model.ActionOpen,
		forum: "igfusa", session: "igfusa-enforcement",
		notes: "Beatriz was invited and has not answered yet.",
	},
	{
		title: "Find a rapporteur for the NetHui town hall",
		owner: "aroha", due: day(2021, time.September, 30), status: model.ActionDone,
		forum: "nethui", session: "nethui-home",
	},
	{
		title: "Send the IGF 2021 joint session report",
		owner: "wanjiru", due: day(2022, time.January, 21), status: model.ActionOpen,
		forum: "igf", session: "igf-joint",
	},
}

// Load writes the whole sample plan into an empty plan. In a plan that
// already holds any of it (the same coalition, forum or email) it fails, and
// the caller's transaction leaves the plan as it was.
func Load(ctx context.Context, tx *storage.Tx) error {
	if err := load(ctx, tx); err != nil {
		return fmt.Errorf("load the sample plan: %w", err)
	}
	return nil
}

func load(ctx context.Context, tx *storage.Tx) error {
	for _, c := range coalitions {
		if err := tx.CreateCoalition(ctx, &c); err != nil {
			return err
		}
	}
	forumByKey := map[string]*model.Forum{}
	for _, r := range forums {
		f, err := r.forum()
		if err != nil {
			return err
		}
		if err := tx.CreateForum(ctx, f); err != nil {
			return err
		}
		forumByKey[r.key] = f
	}
	personID := map[string]int64{}
	for _, r := range people {
		p, err := r.person()
		if err != nil {
			return err
		}
		if err := tx.CreatePerson(ctx, p); err != nil {
			return err
		}
		personID[r.key] = p.ID
	}
	sessionID := map[string]int64{}
	for _, r := range sessions {
		s, err := r.session(forumByKey, personID)
		if err != nil {
			return err
		}
		if err := tx.CreateSession(ctx, s); err != nil {
			return err
		}
		sessionID[r.key] = s.ID
	}
	for _, r := range actions {
		a, err := r.action(forumByKey, personID, sessionID)
		if err != nil {
			return err
		}
		if err := tx.CreateAction(ctx, a); err != nil {
			return err
		}
	}
	return tx.SaveNarrative(ctx, &model.Narrative{Year: 2021, Text: focus2021})
}

// focus2021 is the coalition's focus in its own words, as the coordinators
// would write it in the Year view: the seed report's themes, carried into
// the year the sample plans.
const focus2021 = `Our focus in 2021 was on following the standards and guidelines for Internet of Things (IoT) security as they pass into law, and on continuing the dialogue with industry partners: the network operators who manage the connections and the manufacturers of consumer IoT goods.

# U.S.

The "Internet of Things Cybersecurity Improvement Act of 2020" brings new scrutiny of IoT security through federal procurement, with an impact expected on IoT manufacturers across the economy and on enterprise security through its vulnerability disclosure provisions.

- *Standards and guidelines for IoT device management and security*
- *Vulnerability management and disclosure*
- *Enforcement and waivers*
 - Device configuration
 - Data protection
 - Logical access to interfaces
 - Software update
 - Cybersecurity state awareness

# EU

The European Commission's sector inquiry into the **consumer Internet of Things** looks at products and services that are connected to a network and can be controlled at a distance.

- Use of data and data access
- Interoperability, and sector partnerships

# Industry partners

We work with the C2 consensus effort on the harmonisation of industry security guidelines for IoT, and take the discussion to EuroDIG, national and regional IGFs, and the IGF in Katowice, where we hold a joint session with the Dynamic Coalition on Core Internet Values.`

func (r forumRow) forum() (*model.Forum, error) {
	zone, err := model.LoadZone(r.zone)
	if err != nil {
		return nil, fmt.Errorf("forum %q: timezone: %w", r.name, err)
	}
	return &model.Forum{
		Name:             r.name,
		Kind:             r.kind,
		City:             r.city,
		Country:          r.country,
		Format:           r.format,
		FirstDay:         r.first,
		LastDay:          r.last,
		Zone:             zone,
		Website:          r.website,
		ProposalDeadline: r.deadline,
		Notes:            r.notes,
	}, nil
}

func (r personRow) person() (*model.Person, error) {
	zone, err := model.LoadZone(r.zone)
	if err != nil {
		return nil, fmt.Errorf("person %q: timezone: %w", r.name, err)
	}
	p := &model.Person{
		Name:        r.name,
		Email:       r.email,
		Affiliation: r.affiliation,
		Group:       r.group,
		Region:      r.region,
		Gender:      r.gender,
		Country:     r.country,
		Zone:        zone,
		Bio:         r.bio,
	}
	for _, w := range r.available {
		loc, err := model.LoadZone(w.zone)
		if err != nil {
			return nil, fmt.Errorf("person %q: availability: %w", r.name, err)
		}
		var win model.Window
		if win.Start, err = model.ParseWallClock(w.start, loc); err != nil {
			return nil, fmt.Errorf("person %q: availability: %w", r.name, err)
		}
		if win.End, err = model.ParseWallClock(w.end, loc); err != nil {
			return nil, fmt.Errorf("person %q: availability: %w", r.name, err)
		}
		p.Availability = append(p.Availability, win)
	}
	return p, nil
}

func (r sessionRow) session(forums map[string]*model.Forum, personID map[string]int64) (*model.Session, error) {
	f, ok := forums[r.forum]
	if !ok {
		return nil, fmt.Errorf("session %q: no forum %q in the sample", r.title, r.forum)
	}
	s := &model.Session{
		// A fixed UID keeps the sample's calendar stable across `convene demo --force`,
		// so a calendar subscribed to it updates instead of doubling.
		UID:         "sample-2021-" + r.key + "@convene",
		ForumID:     f.ID,
		Title:       r.title,
		Format:      r.format,
		Room:        r.room,
		Status:      r.status,
		Organisers:  r.organisers,
		Topics:      r.topics,
		Description: r.description,
		ReportDue:   r.reportDue,
	}
	var err error
	if r.start != "" {
		if s.Start, err = model.ParseWallClock(r.start, f.Zone); err != nil {
			return nil, fmt.Errorf("session %q: start: %w", r.title, err)
		}
	}
	if r.end != "" {
		if s.End, err = model.ParseWallClock(r.end, f.Zone); err != nil {
			return nil, fmt.Errorf("session %q: end: %w", r.title, err)
		}
	}
	for _, pt := range r.people {
		id, ok := personID[pt.who]
		if !ok {
			return nil, fmt.Errorf("session %q: no person %q in the sample", r.title, pt.who)
		}
		s.Participants = append(s.Participants, model.Participation{PersonID: id, Role: pt.role, Status: pt.status})
	}
	return s, nil
}

func (r actionRow) action(forums map[string]*model.Forum, personID, sessionID map[string]int64) (*model.ActionItem, error) {
	a := &model.ActionItem{Title: r.title, Due: r.due, Status: r.status, Notes: r.notes}
	var ok bool
	if a.OwnerID, ok = personID[r.owner]; !ok {
		return nil, fmt.Errorf("action %q: no person %q in the sample", r.title, r.owner)
	}
	if r.forum != "" {
		f, ok := forums[r.forum]
		if !ok {
			return nil, fmt.Errorf("action %q: no forum %q in the sample", r.title, r.forum)
		}
		a.ForumID = f.ID
	}
	if r.session != "" {
		if a.SessionID, ok = sessionID[r.session]; !ok {
			return nil, fmt.Errorf("action %q: no session %q in the sample", r.title, r.session)
		}
	}
	return a, nil
}
