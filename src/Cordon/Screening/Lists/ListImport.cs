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

    /// <summary>
    /// Imports an edition of a watch list: checks the request, reads the whole file once without storing anything (a
    /// malformed record anywhere refuses the edition), finds or creates the list (the same edition again changes nothing),
    /// then in one transaction stores the delta against the active version and records the new version, its re-screening
    /// job and one audit entry.
    /// </summary>
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

        var (hash, hashes) = ReadEdition(format, request.Path, progress);
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
            list = new WatchList { CreatedAt = db.Clock.GetUtcNow(), Name = name, Format = format, OwningAgencyId = agencyId, Marking = request.Marking ?? Tlp.Clear };
            db.WatchLists.Add(list);
        }
        else if (request.Marking is { } marking)
        {
            list.Marking = marking;
        }
        await db.SaveChangesAsync(ct);
        var listId = list.Id;
        var owner = list.OwningAgencyId;
        var listMarking = list.Marking;
        var number = (list.ActiveVersion ?? 0) + 1;
        var (added, changed, removed) = await StoreDeltaAsync(db, format, request.Path, hashes, listId, number, owner, listMarking, progress, ct);
        list = await db.WatchLists.SingleAsync(l => l.Id == listId, ct);
        db.WatchListVersions.Add(new WatchListVersion
        {
            ImportedAt = db.Clock.GetUtcNow(),
            ListId = listId, Number = number, ContentHash = hash, Edition = Clip(edition, 200), ImportedBy = Clip(actor.Name, 200),
            EntryCount = hashes.Count, Added = added, Changed = changed, Removed = removed,
            OwningAgencyId = owner, Marking = listMarking,
        });
        list.ActiveVersion = number;
        // Stored parties are re-screened against this version's changes by a job committed with the version itself.
        db.Jobs.Add(Hits.ScreeningRuns.RescreenJob(list, number, new Hits.ListImportResultCounts(added, changed, removed), db.Clock.GetUtcNow()));
        // One entry for the import, with its counts and the content's hash (the store adds the list's before/after).
        Audit.AuditLog.Append(db, actor, "watch-list.import", "watch-list", listId.ToString(), owner,
            new { name, format = format.Name(), version = number, sha256 = hash, entries = hashes.Count, added, changed, removed });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        progress?.Report(new ListImportProgress("Stored", hashes.Count, hashes.Count));
        return new ListImportResult(name, format.Name(), number, false, hashes.Count, added, changed, removed, edition);
    }

    /// <summary>
    /// First pass, nothing stored: a malformed record anywhere refuses the whole edition. Only each entry's id and content
    /// hash are kept, so a million-entry edition fits in a few hundred MB.
    /// </summary>
    private static (string Hash, Dictionary<string, string> Hashes) ReadEdition(ListFormat format, string path, IProgress<ListImportProgress>? progress)
    {
        progress?.Report(new ListImportProgress("Reading", 0, 0));
        var hash = ListFormats.ContentHash(format, path);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in ListFormats.Read(format, path))
        {
            if (hashes.ContainsKey(entry.SourceId))
            {
                throw ValidationFailed.Field($"{System.IO.Path.GetFileName(path)} entry {entry.SourceId}", "this id appears twice in the edition.");
            }
            hashes[entry.SourceId] = Sha256(JsonSerializer.Serialize(entry, DetailsJson));
            if (hashes.Count % 10_000 == 0)
            {
                progress?.Report(new ListImportProgress("Reading", hashes.Count, 0));
            }
        }
        if (hashes.Count == 0)
        {
            throw ValidationFailed.Field("path", $"'{path}' holds no entries.");
        }
        return (hash, hashes);
    }

    /// <summary>
    /// Second pass, inside the caller's transaction: entries added, changed, relisted and removed against what is stored,
    /// written in batches (a crash or error rolls all of it back), each with its change row.
    /// </summary>
    private static async Task<(int Added, int Changed, int Removed)> StoreDeltaAsync(CordonDb db, ListFormat format, string path, Dictionary<string, string> hashes,
        Guid listId, int number, Guid owner, Tlp listMarking, IProgress<ListImportProgress>? progress, CancellationToken ct)
    {
        var existing = await StoredEntriesAsync(db, listId, ct);
        var delta = new Delta(db, listId, number, owner, listMarking);
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            // Second pass: write the delta in batches inside the one transaction (a crash or error rolls all of it back).
            var done = 0;
            progress?.Report(new ListImportProgress("Storing", 0, hashes.Count));
            foreach (var entry in ListFormats.Read(format, path))
            {
                if (delta.Take(entry, hashes[entry.SourceId], existing) >= BatchSize)
                {
                    await delta.FlushAsync(ct);
                }
                if (++done % 10_000 == 0)
                {
                    progress?.Report(new ListImportProgress("Storing", done, hashes.Count));
                }
            }
            await delta.FlushAsync(ct);
            await delta.RemoveAsync(existing.Where(e => !e.Value.Removed && !hashes.ContainsKey(e.Key)).ToList(), ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
        return (delta.Added, delta.Changed, delta.Removed);
    }

    /// <summary>The list's stored entries by source id, read without tracking: a million rows as entities would cost gigabytes.</summary>
    private static async Task<Dictionary<string, (Guid Id, string Hash, bool Removed, string Name)>> StoredEntriesAsync(CordonDb db, Guid listId, CancellationToken ct)
    {
        var existing = new Dictionary<string, (Guid Id, string Hash, bool Removed, string Name)>(StringComparer.Ordinal);
        await foreach (var row in db.ListedEntities.AsNoTracking().Where(e => e.ListId == listId)
                           .Select(e => new { e.SourceId, e.Id, e.ContentHash, e.RemovedInVersion, e.PrimaryName }).AsAsyncEnumerable().WithCancellation(ct))
        {
            existing[row.SourceId] = (row.Id, row.ContentHash, row.RemovedInVersion is not null, row.PrimaryName);
        }
        return existing;
    }

    /// <summary>A new version's changes to the list's entries, written in batches with a change row for each.</summary>
    private sealed class Delta(CordonDb db, Guid listId, int number, Guid owner, Tlp listMarking)
    {
        private readonly List<(Guid Id, ListEntry Entry, string Json, string Hash)> _updates = [];
        private int _pending;

        public int Added { get; private set; }
        public int Changed { get; private set; }
        public int Removed { get; private set; }

        /// <summary>Adds a new entry, or queues the update of a changed or relisted one; returns how many changes wait to be written.</summary>
        public int Take(ListEntry entry, string entryHash, Dictionary<string, (Guid Id, string Hash, bool Removed, string Name)> existing)
        {
            if (!existing.TryGetValue(entry.SourceId, out var row))
            {
                db.ListedEntities.Add(new ListedEntity
                {
                    ListId = listId, SourceId = entry.SourceId, Type = entry.Type, PrimaryName = Clip(entry.Name), Details = JsonSerializer.Serialize(entry, DetailsJson),
                    ContentHash = entryHash, AddedInVersion = number, ChangedInVersion = number, OwningAgencyId = owner, Marking = listMarking,
                });
                Change(entry.SourceId, ListChangeKind.Added, entry.Name);
                Added++;
                _pending++;
            }
            else if (row.Removed || row.Hash != entryHash)
            {
                // A relisted entry counts as added again; an edited one as changed.
                _updates.Add((row.Id, entry, JsonSerializer.Serialize(entry, DetailsJson), entryHash));
                Change(entry.SourceId, row.Removed ? ListChangeKind.Added : ListChangeKind.Changed, entry.Name);
                if (row.Removed)
                {
                    Added++;
                }
                else
                {
                    Changed++;
                }
                _pending++;
            }
            return _pending;
        }

        /// <summary>Marks the entries the new version no longer lists as removed in it.</summary>
        public async Task RemoveAsync(List<KeyValuePair<string, (Guid Id, string Hash, bool Removed, string Name)>> gone, CancellationToken ct)
        {
            foreach (var batch in gone.Chunk(BatchSize))
            {
                var ids = batch.Select(e => e.Value.Id).ToList();
                await db.ListedEntities.Where(e => ids.Contains(e.Id)).ExecuteUpdateAsync(u => u.SetProperty(e => e.RemovedInVersion, number), ct);
                foreach (var (sourceId, row) in batch)
                {
                    Change(sourceId, ListChangeKind.Removed, row.Name);
                }
                Removed += batch.Length;
                await FlushAsync(ct);
            }
        }

        public async Task FlushAsync(CancellationToken ct)
        {
            if (_updates.Count > 0)
            {
                var ids = _updates.Select(u => u.Id).ToList();
                var rows = await db.ListedEntities.Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
                foreach (var (id, entry, json, entryHash) in _updates)
                {
                    var row = rows[id];
                    row.Type = entry.Type;
                    row.PrimaryName = Clip(entry.Name);
                    row.Details = json;
                    row.ContentHash = entryHash;
                    row.ChangedInVersion = number;
                    row.RemovedInVersion = null;
                    row.Marking = listMarking;
                }
                _updates.Clear();
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            _pending = 0;
        }

        private void Change(string sourceId, ListChangeKind kind, string entryName) => db.ListEntryChanges.Add(new ListEntryChange
        {
            ListId = listId, VersionNumber = number, SourceId = sourceId, Kind = kind, Name = Clip(entryName),
            OwningAgencyId = owner, Marking = listMarking,
        });
    }

    /// <summary>Rows written per SaveChanges inside the import's transaction: memory stays flat whatever the list's size.</summary>
    public const int BatchSize = 5000;

    /// <summary>The importing agency: the actor's own, or for the CLI operator the one named (or the only one).</summary>
    private static async Task<Guid> OwnerAsync(CordonDb db, Actor actor, string? agencyCode, CancellationToken ct)
    {
        if (actor.AgencyId is { } own)
        {
            return own;
        }
        if (!string.IsNullOrWhiteSpace(agencyCode))
        {
            return await AgencyCodes.IdOfAsync(db, agencyCode, ct)
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
