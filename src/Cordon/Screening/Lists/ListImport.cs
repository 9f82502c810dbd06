using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Screening.Lists;

/// <summary>What to import: a file (or OFAC folder) in a format, into the list of that name.</summary>
public sealed record ListImportRequest(string Path, string Format, string Name, string? Agency = null, Tlp? Marking = null);

/// <summary>The outcome: the version in force afterwards and what the edition changed.</summary>
public sealed record ListImportResult(string List, string Format, int Version, bool Unchanged, int Entries, int Added, int Changed, int Removed, string Edition);

/// <summary>Progress of an import, for a progress bar: stage and entries done out of total (0 while unknown).</summary>
public sealed record ListImportProgress(string Stage, int Done, int Total);

/// <summary>
/// Imports an edition of a list as a delta against the version in force: entries are matched by the
/// list's own id, and only added, changed and removed entries are written, all in one transaction.
/// The whole file is parsed before anything is stored, so a malformed file imports nothing.
/// </summary>
public static class ListImport
{
    internal static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web);

    public static async Task<ListImportResult> ImportAsync(CordonDb db, Actor actor, ListImportRequest request,
        IProgress<ListImportProgress>? progress = null, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 100)
        {
            errors.Add("name", "A list name of 1 to 100 characters is required.");
        }
        if (string.IsNullOrWhiteSpace(request.Path))
        {
            errors.Add("path", "A path is required.");
        }
        errors.ThrowIfAny();
        if (!actor.IsOperator && !actor.Has(Roles.Analyst) && !actor.Has(Roles.AgencyAdmin))
        {
            throw new Forbidden("Importing watch lists needs the analyst, agency-admin or operator role.");
        }
        var format = ListFormats.Parse(request.Format);
        var name = request.Name.Trim();

        // Parse everything first: a malformed record anywhere refuses the whole edition.
        progress?.Report(new ListImportProgress("Reading", 0, 0));
        var hash = ListFormats.ContentHash(format, request.Path);
        var entries = new Dictionary<string, (ListEntry Entry, string Json, string Hash)>(StringComparer.Ordinal);
        foreach (var entry in ListFormats.Read(format, request.Path))
        {
            if (entries.ContainsKey(entry.SourceId))
            {
                throw ValidationFailed.Field($"{System.IO.Path.GetFileName(request.Path)} entry {entry.SourceId}", "this id appears twice in the edition.");
            }
            var json = JsonSerializer.Serialize(entry, DetailsJson);
            entries[entry.SourceId] = (entry, json, Sha256(json));
            if (entries.Count % 1000 == 0)
            {
                progress?.Report(new ListImportProgress("Reading", entries.Count, 0));
            }
        }
        if (entries.Count == 0)
        {
            throw ValidationFailed.Field("path", $"'{request.Path}' holds no entries.");
        }
        var edition = Edition(format, request.Path);

        var list = await db.WatchLists.SingleOrDefaultAsync(l => l.Name == name, ct);
        if (list is not null && !actor.IsOperator && actor.AgencyId != list.OwningAgencyId)
        {
            throw new Forbidden($"List '{name}' is kept by another agency; only that agency (or an operator) imports its editions.");
        }
        if (list is not null && list.Format != format)
        {
            throw new Conflict($"List '{name}' is kept in the {list.Format.Name()} format, not {format.Name()}.");
        }
        // A new list belongs to the importing agency; an existing one keeps its owner.
        var agencyId = list?.OwningAgencyId ?? await OwnerAsync(db, actor, request.Agency, ct);
        if (list?.ActiveVersion is { } active)
        {
            var current = await db.WatchListVersions.SingleAsync(v => v.ListId == list.Id && v.Number == active, ct);
            if (current.ContentHash == hash)
            {
                // The same edition again: idempotent, nothing recorded.
                return new ListImportResult(name, format.Name(), active, true, current.EntryCount, 0, 0, 0, current.Edition);
            }
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (list is null)
        {
            list = new WatchList { Name = name, Format = format, OwningAgencyId = agencyId, Marking = request.Marking ?? Tlp.Clear };
            db.WatchLists.Add(list);
        }
        else if (request.Marking is { } marking)
        {
            list.Marking = marking;
        }
        var number = (list.ActiveVersion ?? 0) + 1;
        var existing = await db.ListedEntities.Where(e => e.ListId == list.Id).ToDictionaryAsync(e => e.SourceId, StringComparer.Ordinal, ct);
        int added = 0, changed = 0, removed = 0, done = 0;
        void Change(string sourceId, ListChangeKind kind, string entryName) => db.ListEntryChanges.Add(new ListEntryChange
        {
            ListId = list.Id, VersionNumber = number, SourceId = sourceId, Kind = kind, Name = Clip(entryName),
            OwningAgencyId = list.OwningAgencyId, Marking = list.Marking,
        });

        foreach (var (sourceId, (entry, json, entryHash)) in entries)
        {
            if (!existing.TryGetValue(sourceId, out var row))
            {
                db.ListedEntities.Add(new ListedEntity
                {
                    ListId = list.Id, SourceId = sourceId, Type = entry.Type, PrimaryName = Clip(entry.Name), Details = json, ContentHash = entryHash,
                    AddedInVersion = number, ChangedInVersion = number, OwningAgencyId = list.OwningAgencyId, Marking = list.Marking,
                });
                Change(sourceId, ListChangeKind.Added, entry.Name);
                added++;
            }
            else if (row.RemovedInVersion is not null || row.ContentHash != entryHash)
            {
                // A relisted entry counts as added again; an edited one as changed.
                var relisted = row.RemovedInVersion is not null;
                row.Type = entry.Type;
                row.PrimaryName = Clip(entry.Name);
                row.Details = json;
                row.ContentHash = entryHash;
                row.ChangedInVersion = number;
                row.RemovedInVersion = null;
                row.Marking = list.Marking;
                Change(sourceId, relisted ? ListChangeKind.Added : ListChangeKind.Changed, entry.Name);
                if (relisted)
                {
                    added++;
                }
                else
                {
                    changed++;
                }
            }
            if (++done % 1000 == 0)
            {
                progress?.Report(new ListImportProgress("Storing", done, entries.Count));
            }
        }
        foreach (var row in existing.Values.Where(r => r.RemovedInVersion is null && !entries.ContainsKey(r.SourceId)))
        {
            row.RemovedInVersion = number;
            Change(row.SourceId, ListChangeKind.Removed, row.PrimaryName);
            removed++;
        }
        db.WatchListVersions.Add(new WatchListVersion
        {
            ListId = list.Id, Number = number, ContentHash = hash, Edition = Clip(edition, 200), ImportedBy = Clip(actor.Name, 200),
            EntryCount = entries.Count, Added = added, Changed = changed, Removed = removed,
            OwningAgencyId = list.OwningAgencyId, Marking = list.Marking,
        });
        list.ActiveVersion = number;
        // Stored parties are re-screened against this version's changes by a job committed with the version itself.
        db.Jobs.Add(Hits.ScreeningRuns.RescreenJob(list, number, new Hits.ListImportResultCounts(added, changed, removed)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        progress?.Report(new ListImportProgress("Stored", entries.Count, entries.Count));
        return new ListImportResult(name, format.Name(), number, false, entries.Count, added, changed, removed, edition);
    }

    /// <summary>The importing agency: the actor's own, or for the CLI operator the one named (or the only one).</summary>
    private static async Task<Guid> OwnerAsync(CordonDb db, Actor actor, string? agencyCode, CancellationToken ct)
    {
        if (actor.AgencyId is { } own)
        {
            return own;
        }
        if (!string.IsNullOrWhiteSpace(agencyCode))
        {
            return await db.Agencies.Where(a => a.Code == agencyCode.Trim().ToUpperInvariant()).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(ct)
                   ?? throw ValidationFailed.Field("agency", $"No agency has the code '{agencyCode}'.");
        }
        var agencies = await db.Agencies.Select(a => a.Id).Take(2).ToListAsync(ct);
        return agencies.Count switch
        {
            1 => agencies[0],
            0 => throw ValidationFailed.Field("agency", "No agency exists to own the list; add one first (cordon agencies add, or cordon demo seed)."),
            _ => throw ValidationFailed.Field("agency", "Several agencies exist: name the one that owns the list with --agency CODE."),
        };
    }

    private static string Edition(ListFormat format, string path)
    {
        if (format == ListFormat.UnXml)
        {
            using var reader = System.Xml.XmlReader.Create(path, new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit });
            reader.MoveToContent();
            if (reader.GetAttribute("dateGenerated") is { Length: > 0 } generated)
            {
                return $"dateGenerated {generated}";
            }
        }
        var files = ListFormats.Files(format, path);
        var modified = files.Max(File.GetLastWriteTimeUtc);
        return $"{string.Join("+", files.Select(System.IO.Path.GetFileName))} of {modified:yyyy-MM-dd}";
    }

    internal static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Clip(string s, int max = 1000) => s.Length <= max ? s : s[..max];
}
