using System.Text.Json;
using Cordon.Common;
using Cordon.Screening.Matching;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Screening.Hits;

/// <summary>What one screening pass did to the stored hits.</summary>
public sealed class ScreeningCounts
{
    public long Records { get; set; }
    public long Parties { get; set; }
    /// <summary>New hits waiting for review.</summary>
    public long Raised { get; set; }
    /// <summary>Existing hits whose score, band or list version was brought up to date.</summary>
    public long Updated { get; set; }
    /// <summary>Hits reopened because the entry (or the party) changed since a review.</summary>
    public long Reopened { get; set; }
    /// <summary>Hits not raised because the same pair was dismissed before and the entry is unchanged.</summary>
    public long KeptDismissed { get; set; }
    public long Closed { get; set; }

    public void Add(ScreeningCounts other)
    {
        Records += other.Records;
        Parties += other.Parties;
        Raised += other.Raised;
        Updated += other.Updated;
        Reopened += other.Reopened;
        KeptDismissed += other.KeptDismissed;
        Closed += other.Closed;
    }

    /// <summary>The counts in words, for a job's progress (said in the reader's language on a page).</summary>
    public Wording Describe()
        => $"{Records:N0} records, {Parties:N0} parties screened: {Raised:N0} hits raised, {Updated:N0} updated, {Reopened:N0} reopened, {KeptDismissed:N0} kept dismissed, {Closed:N0} closed";

    public override string ToString() => Describe().ToString();
}

/// <summary>
/// Screens the parties of stored records against the lists in force and keeps their hits: one
/// <see cref="PartyHit"/> per (record, role, listed entry), updated in place on every pass, so
/// screening the same party against the same list version again changes nothing. A dismissal of the
/// same party and entry is honoured while the entry's content is unchanged.
/// </summary>
public static class PartyScreening
{
    /// <summary>Hits per party looked at (the index ranks them; all in the review band or above are kept).</summary>
    public const int HitsPerParty = 25;

    internal static readonly JsonSerializerOptions ExplanationJson = new(JsonSerializerDefaults.Web);

    /// <summary>Search results per party identity within one run: traders recur across thousands of declarations.</summary>
    public sealed class PartyCache
    {
        private const int Capacity = 200_000;
        private readonly Dictionary<string, IReadOnlyList<ScreeningHit>> _hits = new(StringComparer.Ordinal);

        internal IReadOnlyList<ScreeningHit> Get(ScreeningIndex index, DeclaredParty party)
        {
            if (_hits.TryGetValue(party.Key, out var hits))
            {
                return hits;
            }
            hits = Search(index, party);
            if (_hits.Count < Capacity)
            {
                _hits[party.Key] = hits;
            }
            return hits;
        }
    }

    /// <summary>The party's hits in the review band or above.</summary>
    public static IReadOnlyList<ScreeningHit> Search(ScreeningIndex index, DeclaredParty party)
    {
        var hits = party.ByIdentifierOnly
            ? party.Identifiers.SelectMany(i => index.SearchIdentifier(i)).ToList()
            : index.Search(new ScreeningQuery(party.Name, party.BirthDate, party.Country, party.Type, party.Identifiers, HitsPerParty));
        return hits.Where(h => h.Band != MatchBand.None).ToList();
    }

    /// <summary>
    /// Screens the records and brings their stored hits up to date (tracked on <paramref name="db"/>;
    /// the caller saves). With a <paramref name="scope"/>, only hits on those listed entries are
    /// raised or closed (a list delta); without, the records' hits are re-derived in full.
    /// </summary>
    public static async Task<ScreeningCounts> ApplyAsync(CordonDb db, ScreeningIndex index, IReadOnlyList<ScreenedRecord> records,
        IReadOnlySet<Guid>? scope = null, PartyCache? cache = null, CancellationToken ct = default)
    {
        using var timing = Common.CordonTelemetry.Time(Common.CordonTelemetry.ScreeningDuration);
        var counts = new ScreeningCounts { Records = records.Count };
        var found = Find(index, records, scope, cache ?? new PartyCache(), counts);
        var recordIds = records.Select(r => r.Id).ToList();
        var existing = recordIds.Count == 0
            ? []
            : await db.ScreeningHits.Where(h => recordIds.Contains(h.RecordId)).ToListAsync(ct);
        if (found.Count == 0 && existing.Count == 0)
        {
            return counts;
        }
        var pass = new Pass(db, counts, db.Clock.GetUtcNow(), existing.ToDictionary(h => (h.RecordId, h.PartyRole, h.EntityId)),
            await EntriesAsync(db, found, ct), await DismissalsAsync(db, found, ct));
        foreach (var (record, party, hit) in found)
        {
            pass.Keep(record, party, hit);
        }
        await FillCommoditiesAsync(db, pass.NeedCommodity, ct);

        // Open hits the pass no longer finds: the party was amended away, or the entry no longer matches.
        foreach (var stale in existing.Where(h => !pass.Seen.Contains(h.Id) && h.Status == HitStatus.Open && (scope is null || scope.Contains(h.EntityId))))
        {
            stale.Status = HitStatus.Closed;
            stale.StatusNote = "closed: no longer matches (the party or the entry changed)";
            stale.UpdatedAt = pass.Now;
            counts.Closed++;
        }
        return counts;
    }

    /// <summary>Each party's matches (on the entries in <paramref name="scope"/>, when given), counting the parties screened.</summary>
    private static List<(ScreenedRecord Record, DeclaredParty Party, ScreeningHit Hit)> Find(ScreeningIndex index, IReadOnlyList<ScreenedRecord> records,
        IReadOnlySet<Guid>? scope, PartyCache cache, ScreeningCounts counts)
    {
        var found = new List<(ScreenedRecord Record, DeclaredParty Party, ScreeningHit Hit)>();
        foreach (var record in records)
        {
            foreach (var party in record.Parties)
            {
                counts.Parties++;
                foreach (var hit in cache.Get(index, party))
                {
                    if (scope is null || scope.Contains(hit.EntityId))
                    {
                        found.Add((record, party, hit));
                    }
                }
            }
        }
        return found;
    }

    /// <summary>What a hit keeps of its listed entry: the list, the content's hash (a review holds for it) and the version it changed in.</summary>
    private sealed record EntryFacts(Guid Id, Guid ListId, string ContentHash, int ChangedInVersion);

    private static async Task<Dictionary<Guid, EntryFacts>> EntriesAsync(CordonDb db, List<(ScreenedRecord Record, DeclaredParty Party, ScreeningHit Hit)> found,
        CancellationToken ct)
    {
        var entityIds = found.Select(f => f.Hit.EntityId).Distinct().ToList();
        return entityIds.Count == 0
            ? []
            : await db.ListedEntities.AsNoTracking().Where(e => entityIds.Contains(e.Id))
                .Select(e => new EntryFacts(e.Id, e.ListId, e.ContentHash, e.ChangedInVersion)).ToDictionaryAsync(e => e.Id, ct);
    }

    private static async Task<Dictionary<(Guid OwningAgencyId, string PartyKey, Guid EntityId), HitDismissal>> DismissalsAsync(CordonDb db,
        List<(ScreenedRecord Record, DeclaredParty Party, ScreeningHit Hit)> found, CancellationToken ct)
    {
        var partyKeys = found.Select(f => f.Party.Key).Distinct().ToList();
        return partyKeys.Count == 0
            ? []
            : (await db.ScreeningDismissals.AsNoTracking().Where(d => partyKeys.Contains(d.PartyKey)).ToListAsync(ct))
                .ToDictionary(d => (d.OwningAgencyId, d.PartyKey, d.EntityId));
    }

    /// <summary>One pass over the found hits: each is kept as a stored hit, updated or reopened, or raised new.</summary>
    private sealed class Pass(CordonDb db, ScreeningCounts counts, DateTimeOffset now, Dictionary<(Guid, string, Guid), PartyHit> byKey,
        Dictionary<Guid, EntryFacts> entries, Dictionary<(Guid OwningAgencyId, string PartyKey, Guid EntityId), HitDismissal> dismissals)
    {
        public DateTimeOffset Now { get; } = now;

        /// <summary>The stored hits this pass found again or raised.</summary>
        public HashSet<Guid> Seen { get; } = [];

        /// <summary>Block-hit alerts on declarations whose commodity is on their items.</summary>
        public List<(Alerting.Alert Alert, Guid Declaration)> NeedCommodity { get; } = [];

        public void Keep(ScreenedRecord record, DeclaredParty party, ScreeningHit hit)
        {
            if (!entries.TryGetValue(hit.EntityId, out var entry))
            {
                return; // The entry left the store since the index was built.
            }
            var marking = record.Marking > Tlp.AmberStrict ? record.Marking : Tlp.AmberStrict;
            dismissals.TryGetValue((record.OwningAgencyId, party.Key, hit.EntityId), out var dismissal);
            var holding = dismissal is not null && dismissal.EntryContentHash == entry.ContentHash ? dismissal : null;
            if (byKey.TryGetValue((record.Id, party.Role, hit.EntityId), out var stored))
            {
                Seen.Add(stored.Id);
                Update(stored, record, party, hit, entry, marking, holding);
                return;
            }
            var created = Raise(record, party, hit, entry, marking, holding);
            byKey[(record.Id, party.Role, hit.EntityId)] = created;
            Seen.Add(created.Id);
        }

        private void Update(PartyHit stored, ScreenedRecord record, DeclaredParty party, ScreeningHit hit, EntryFacts entry, Tlp marking, HitDismissal? holding)
        {
            var entryChanged = stored.EntryContentHash != entry.ContentHash;
            var partyChanged = stored.PartyKey != party.Key;
            var unchanged = !entryChanged && !partyChanged && stored.ListVersion == hit.ListVersion && stored.RecordVersion == record.Version
                            && stored.Score.Equals(hit.Score) && stored.Band == hit.Band.Name() && stored.Status != HitStatus.Closed;
            if (unchanged)
            {
                return;
            }
            if (stored.Status == HitStatus.Closed
                || (stored.Status == HitStatus.Dismissed && (entryChanged || partyChanged))
                || (stored.Status == HitStatus.Confirmed && partyChanged))
            {
                // A review holds for the party and entry reviewed; either changing asks for a new look.
                var wasClosed = stored.Status == HitStatus.Closed;
                stored.Status = HitStatus.Open;
                stored.DismissalId = null;
                stored.StatusNote = wasClosed ? "matches again" : entryChanged
                    ? $"reopened: the entry changed in {hit.List} version {entry.ChangedInVersion}"
                    : $"reopened: the party changed in version {record.Version}";
                counts.Reopened++;
            }
            else
            {
                counts.Updated++;
            }
            stored.RecordVersion = record.Version;
            stored.PartyName = Clip(party.Name, 200);
            stored.PartyCountry = party.Country;
            stored.PartyIdentifiers = party.IdentifierText;
            stored.PartyKey = party.Key;
            stored.ListId = entry.ListId;
            stored.ListName = hit.List;
            stored.ListVersion = hit.ListVersion;
            stored.EntrySourceId = hit.SourceId;
            stored.EntryName = Clip(hit.Name, 1000);
            stored.MatchedName = Clip(hit.MatchedName, 1000);
            stored.EntryContentHash = entry.ContentHash;
            stored.Score = hit.Score;
            stored.Band = hit.Band.Name();
            stored.Explanation = JsonSerializer.Serialize(hit.Explanation, ExplanationJson);
            stored.Marking = marking;
            stored.UpdatedAt = Now;
            if (stored.Status == HitStatus.Open && holding is not null)
            {
                Suppress(stored, holding);
                counts.KeptDismissed++;
            }
        }

        private PartyHit Raise(ScreenedRecord record, DeclaredParty party, ScreeningHit hit, EntryFacts entry, Tlp marking, HitDismissal? holding)
        {
            var created = new PartyHit
            {
                OwningAgencyId = record.OwningAgencyId, Marking = marking, RecordType = record.RecordType, RecordId = record.Id,
                RecordReference = Clip(record.Reference, 120), RecordVersion = record.Version, PartyRole = party.Role, PartyName = Clip(party.Name, 200),
                PartyCountry = party.Country, PartyIdentifiers = party.IdentifierText, PartyKey = party.Key, EntityId = hit.EntityId, ListId = entry.ListId,
                ListName = hit.List, ListVersion = hit.ListVersion, EntrySourceId = hit.SourceId, EntryName = Clip(hit.Name, 1000),
                MatchedName = Clip(hit.MatchedName, 1000), EntryContentHash = entry.ContentHash, Score = hit.Score, Band = hit.Band.Name(),
                Explanation = JsonSerializer.Serialize(hit.Explanation, ExplanationJson), CreatedAt = Now, UpdatedAt = Now,
            };
            if (holding is not null)
            {
                Suppress(created, holding);
                counts.KeptDismissed++;
            }
            else
            {
                counts.Raised++;
                if (hit.Band == MatchBand.Block)
                {
                    AlertBlock(record, party, hit, created, marking);
                }
            }
            db.ScreeningHits.Add(created);
            return created;
        }

        /// <summary>
        /// A block-band hit reaches the agencies subscribed to it at once; the alert commits with the hit.
        /// Office, band and commodity let subscriptions and analysts' conditions pick the hits they want.
        /// </summary>
        private void AlertBlock(ScreenedRecord record, DeclaredParty party, ScreeningHit hit, PartyHit created, Tlp marking)
        {
            var alert = Alerting.Alerts.Raise(db, new Alerting.AlertDraft(Alerting.AlertKinds.ScreeningBlock,
                $"Watch-list block hit on {record.RecordType} {Clip(record.Reference, 80)}", record.OwningAgencyId, marking)
            {
                RecordType = Sharing.RecordTypes.ScreeningHit,
                RecordId = created.Id.ToString(),
                Caveats = created.Caveats,
                Summary = $"The {party.Role} matches '{Clip(hit.Name, 200)}' on {hit.List} (score {hit.Score:0.00}).",
                Severity = Alerting.AlertSeverity.High,
                RaisedBy = "screening",
                Office = record.Office,
                Band = hit.Band.Name(),
                Commodity = record.HsCode,
            });
            if (alert.Commodity is null && record.RecordType == Sharing.RecordTypes.Declaration)
            {
                NeedCommodity.Add((alert, record.Id));
            }
        }
    }

    /// <summary>A declaration's HS codes are on its items: its first item's, read only for the (rare) block hits.</summary>
    private static async Task FillCommoditiesAsync(CordonDb db, List<(Alerting.Alert Alert, Guid Declaration)> needCommodity, CancellationToken ct)
    {
        if (needCommodity.Count == 0)
        {
            return;
        }
        var ids = needCommodity.Select(n => n.Declaration).Distinct().ToList();
        var first = (await db.DeclarationItems.AsNoTracking().Where(i => ids.Contains(i.DeclarationId))
            .Select(i => new { i.DeclarationId, i.Line, i.HsCode }).ToListAsync(ct))
            .GroupBy(i => i.DeclarationId).ToDictionary(g => g.Key, g => g.MinBy(i => i.Line)!.HsCode);
        foreach (var (alert, declaration) in needCommodity)
        {
            alert.Commodity = first.GetValueOrDefault(declaration);
        }
    }

    private static void Suppress(PartyHit hit, HitDismissal dismissal)
    {
        hit.Status = HitStatus.Dismissed;
        hit.DismissalId = dismissal.Id;
        hit.ReviewedBy = dismissal.DismissedBy;
        hit.ReviewedAt = dismissal.DismissedAt;
        hit.ReviewReason = dismissal.Reason;
        hit.StatusNote = "kept dismissed: the same party and entry were dismissed before and the entry is unchanged";
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max];
}
