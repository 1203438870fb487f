// Package transfer brings files into a plan and writes a plan out as
// files: the one import and the one export path that the command line and
// the app share. An import is one transaction, all or nothing, and keeps a
// snapshot of the plan as it was before when it changes anything; an
// export reads one consistent view of the plan and writes it through
// storage.WriteExport, which never replaces a plan.
package transfer
