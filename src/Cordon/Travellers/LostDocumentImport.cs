using System.Globalization;
using System.Security.Cryptography;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Travellers;

/// <summary>The outcome of importing an edition: the version in force afterwards and what the edition changed.</summary>
public sealed record LostDocumentImportResult(string List, int Version, bool Unchanged, int Entries, int Added, int Changed, int Removed, string Edition);

/// <summary>
/// Imports an edition of a national lost and stolen documents list from CSV (header
/// <c>number,issuing_state,status</c>; optional <c>type</c> and <c>reported</c> yyyy-MM-dd) as a delta
/// against the version in force, in one transaction. The whole file is read and checked first: a bad
/// line refuses the edition, naming the line and column.
/// </summary>
public static class LostDocumentImport
{
    private static readonly string[] Required = ["number", "issuing_state", "status"];

    private sealed record Row(string Number, string IssuingState, string? Type, string Status, DateOnly? ReportedOn);

    public static async Task<LostDocumentImportResult> ImportAsync(CordonDb db, Actor actor, string name, Stream csv, string edition, TimeProvider time, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            throw ValidationFailed.Field("name", "A list name of 1 to 100 characters is required.");
        }
        if (!actor.IsOperator && !actor.Has(Roles.Analyst) && !actor.Has(Roles.AgencyAdmin) && !actor.Has(Roles.Supervisor))
        {
            throw new Forbidden("Importing a lost and stolen documents list needs the supervisor, analyst, agency-admin or operator role.");
        }
        name = name.Trim();
        using var buffer = new MemoryStream();
        await csv.CopyToAsync(buffer, ct);
        var hash = Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
        buffer.Position = 0;
        var rows = Read(buffer, edition);

        var list = await db.LostDocumentLists.SingleOrDefaultAsync(l => l.Name == name, ct);
        if (list is not null && !actor.IsOperator && actor.AgencyId != list.OwningAgencyId)
        {
            throw new Forbidden($"Lost and stolen list '{name}' is kept by another agency; only that agency (or an operator) imports its editions.");
        }
        if (list?.ActiveVersion is { } active)
        {
            var current = await db.LostDocumentListVersions.SingleAsync(v => v.ListId == list.Id && v.Number == active, ct);
            if (current.ContentHash == hash)
            {
                return new LostDocumentImportResult(name, active, true, current.EntryCount, 0, 0, 0, current.Edition);
            }
        }
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (list is null)
        {
            var owner = actor.AgencyId ?? throw ValidationFailed.Field("agency", "The local operator imports a new list for an agency: sign in as one of its users.");
            list = new LostDocumentList { Name = name, OwningAgencyId = owner, CreatedAt = now };
            db.LostDocumentLists.Add(list);
            await db.SaveChangesAsync(ct);
        }
        var number = (list.ActiveVersion ?? 0) + 1;
        var (added, changed, removed) = await StoreEditionAsync(db, list.Id, number, rows, ct);
        list.ActiveVersion = number;
        db.LostDocumentListVersions.Add(new LostDocumentListVersion
        {
            ListId = list.Id, Number = number, ContentHash = hash, Edition = edition.Length > 200 ? edition[..200] : edition, ImportedAt = now,
            ImportedBy = actor.Name, EntryCount = rows.Count, Added = added, Changed = changed, Removed = removed,
        });
        // Counts only: the numbers themselves stay out of the audit log.
        AuditLog.Append(db, actor, "travellers.lost-documents.import", RecordTypes.Traveller, list.Id.ToString(), list.OwningAgencyId,
            new { list = name, version = number, entries = rows.Count, added, changed, removed, edition });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new LostDocumentImportResult(name, number, false, rows.Count, added, changed, removed, edition);
    }

    /// <summary>The edition's documents against the stored ones: new ones added, changed or relisted ones updated, those no longer listed marked removed.</summary>
    private static async Task<(int Added, int Changed, int Removed)> StoreEditionAsync(CordonDb db, Guid listId, int number, Dictionary<(string IssuingState, string Number), Row> rows, CancellationToken ct)
    {
        var existing = await db.LostDocuments.Where(d => d.ListId == listId).ToDictionaryAsync(d => (d.IssuingState, d.Number), ct);
        int added = 0, changed = 0, removed = 0;
        foreach (var row in rows.Values)
        {
            if (existing.TryGetValue((row.IssuingState, row.Number), out var stored))
            {
                if (stored.RemovedInVersion is null && stored.Status == row.Status && stored.Type == row.Type && stored.ReportedOn == row.ReportedOn)
                {
                    continue;
                }
                stored.Status = row.Status;
                stored.Type = row.Type;
                stored.ReportedOn = row.ReportedOn;
                stored.ChangedInVersion = number;
                if (stored.RemovedInVersion is not null)
                {
                    stored.RemovedInVersion = null;
                    added++;
                }
                else
                {
                    changed++;
                }
                continue;
            }
            db.LostDocuments.Add(new LostDocument
            {
                ListId = listId, Number = row.Number, IssuingState = row.IssuingState, Type = row.Type, Status = row.Status, ReportedOn = row.ReportedOn,
                AddedInVersion = number, ChangedInVersion = number,
            });
            added++;
        }
        foreach (var gone in existing.Values.Where(d => d.RemovedInVersion is null && !rows.ContainsKey((d.IssuingState, d.Number))))
        {
            gone.RemovedInVersion = number;
            removed++;
        }
        return (added, changed, removed);
    }

    public sealed record ListView(string Name, string Owner, int? Version, int Entries, string? Edition, DateTimeOffset? ImportedAt);

    /// <summary>The lists and their versions in force (counts only: the numbers are looked up, never listed).</summary>
    public static async Task<List<ListView>> ListsAsync(CordonDb db, CancellationToken ct)
    {
        var lists = await db.LostDocumentLists.AsNoTracking().OrderBy(l => l.Name).ToListAsync(ct);
        var versions = await db.LostDocumentListVersions.AsNoTracking().ToListAsync(ct);
        var codes = await AgencyCodes.ByIdAsync(db, ct);
        return lists.Select(l =>
        {
            var v = versions.FirstOrDefault(x => x.ListId == l.Id && x.Number == l.ActiveVersion);
            return new ListView(l.Name, codes.GetValueOrDefault(l.OwningAgencyId, "?"), l.ActiveVersion, v?.EntryCount ?? 0, v?.Edition, v?.ImportedAt);
        }).ToList();
    }

    private static Dictionary<(string IssuingState, string Number), Row> Read(Stream stream, string edition)
    {
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        using var csv = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, Mode = CsvMode.RFC4180 });
        Exception Error(long line, string message) => ValidationFailed.Field($"{edition} line {line}", message);
        if (!csv.Read())
        {
            throw Error(1, "the file is empty; it needs a header number,issuing_state,status.");
        }
        var header = (csv.Record ?? []).Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var missing = Required.Where(r => !header.Contains(r)).ToList();
        if (missing.Count > 0)
        {
            throw Error(1, $"the header lacks {string.Join(", ", missing)}; it needs number,issuing_state,status (optional: type, reported).");
        }
        int Column(string c) => Array.IndexOf(header, c);
        int numberAt = Column("number"), stateAt = Column("issuing_state"), statusAt = Column("status"), typeAt = Column("type"), reportedAt = Column("reported");
        var rows = new Dictionary<(string, string), Row>();
        while (csv.Read())
        {
            var f = csv.Record ?? [];
            var line = csv.RawRow;
            if (f.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            string? Cell(int at) => at >= 0 && at < f.Length && !string.IsNullOrWhiteSpace(f[at]) ? f[at].Trim() : null;
            var number = DocumentNumbers.Normalise(Cell(numberAt) ?? "");
            if (number.Length is 0 or > TravellerLimits.Code)
            {
                throw Error(line, $"number: '{Cell(numberAt)}' is not a document number (1 to {TravellerLimits.Code} letters and digits).");
            }
            var state = DocumentNumbers.State(Cell(stateAt)?.ToUpperInvariant());
            if (state is null || !MrzReader.IsKnownState(state))
            {
                throw Error(line, $"issuing_state: '{state}' is not an ICAO or ISO 3166-1 alpha-3 code.");
            }
            var status = Cell(statusAt)?.ToLowerInvariant();
            if (status is null || !LostDocumentStatuses.All.Contains(status))
            {
                throw Error(line, $"status: '{status}' is not one of {string.Join(", ", LostDocumentStatuses.All)}.");
            }
            var type = Cell(typeAt)?.ToUpperInvariant();
            if (type is { Length: > 3 })
            {
                throw Error(line, $"type: '{type}' is not a document type code (P, I, ID, V … at most 3 letters).");
            }
            DateOnly? reported = null;
            if (Cell(reportedAt) is { } r)
            {
                reported = DateOnly.TryParseExact(r, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? d : throw Error(line, $"reported: '{r}' is not a date yyyy-MM-dd.");
            }
            if (!rows.TryAdd((state, number), new Row(number, state, type, status, reported)))
            {
                throw Error(line, $"number: {state} {number} appears twice in the edition.");
            }
        }
        if (rows.Count == 0)
        {
            throw Error(1, "the file names no documents.");
        }
        return rows;
    }
}

/// <summary>How documents are compared everywhere: numbers as upper-case letters and digits, issuing states by their ISO code.</summary>
public static class DocumentNumbers
{
    public static string Normalise(string number) => string.Concat(number.Where(char.IsAsciiLetterOrDigit)).ToUpperInvariant();

    /// <summary>Germany writes D in its zones (Doc 9303) where lists write DEU: one state.</summary>
    public static string? State(string? code) => code == "D" ? "DEU" : code;
}
