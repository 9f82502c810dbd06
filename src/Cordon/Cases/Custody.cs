using System.Text.Json;
using System.Text.Json.Serialization;
using Cordon.Audit;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Cases;

public sealed record HandoverRequest(string? To, string? Place, string? Purpose, string? Condition, string[]? SealsChecked, DateTimeOffset? At);

public sealed record AnswerRequest(bool Accept, string? Reason, string[]? SealsChecked, string? Condition, DateTimeOffset? At = null);

public sealed record SampleRequest(CustodySample[]? Samples, string[]? NewSeals, string? Reason);

public sealed record LabResultRequest(string? SampleLabel, string? Result);

/// <summary>A custody event as shown: the parsed entry with its chain hashes.</summary>
public sealed record CustodyEventView(int Sequence, string Kind, DateTimeOffset At, string RecordedBy, string? From, string? To, string? Place, string? Purpose,
    string? Condition, string[]? SealsChecked, string? SealDiscrepancy, string[]? NewSeals, CustodySample[]? Samples, string? SampleLabel, string? LabResult,
    int? Answers, string? Reason, CustodyAttachment? Attachment, string PreviousHash, string Hash);

/// <summary>What is wrong with a custody chain at an event, in English; <see cref="Said"/> is for a page to say in the reader's language.</summary>
public sealed record ChainProblem(int? Sequence, string Message)
{
    [JsonIgnore]
    public Wording Said { get; init; } = Message;

    public static ChainProblem AtEvent(int? sequence, Wording said) => new(sequence, said.ToString()) { Said = said };
}

public sealed record ChainReport(string Seizure, bool Intact, int Events, int Attachments, string? HeadHash, IReadOnlyList<ChainProblem> Problems);

/// <summary>
/// The chain of custody: every handover, answer, sample, lab result and attachment is an event whose
/// hash covers the previous event's hash, so changing, removing or inserting any event later is
/// detectable by <see cref="VerifyAsync"/>. Each event's hash also goes into the audit log.
/// </summary>
public static class Custody
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string HashOf(string previousHash, string content) => Hashes.Sha256Hex(previousHash + "\n" + content);

    /// <summary>Appends one event after the current head (the unique index refuses a concurrent duplicate link).</summary>
    internal static async Task<CustodyEvent> AppendAsync(CordonDb db, Actor actor, Seizure seizure, Func<int, CustodyEntry> entry, CancellationToken ct)
    {
        var head = await db.CustodyEvents.AsNoTracking().Where(e => e.SeizureId == seizure.Id).OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash, e.At }).FirstOrDefaultAsync(ct);
        // Events added earlier in this unit of work (the seizure's first event) are not in the store yet.
        var local = db.CustodyEvents.Local.Where(e => e.SeizureId == seizure.Id).OrderByDescending(e => e.Sequence).FirstOrDefault();
        var sequence = Math.Max(head?.Sequence ?? 0, local?.Sequence ?? 0) + 1;
        var previous = local is not null && local.Sequence >= (head?.Sequence ?? 0) ? local.Hash : head?.Hash ?? Genesis;
        var e = entry(sequence);
        var at = DateTimeOffset.Parse(e.At, System.Globalization.CultureInfo.InvariantCulture);
        // The chain is a timeline: an event cannot be dated before the one it follows.
        if (head is not null && at < head.At)
        {
            throw ValidationFailed.Field("at", $"This event ({e.At}) would precede the chain's last event ({StoredValues.Iso(head.At)}).");
        }
        var content = JsonSerializer.Serialize(e, Canonical);
        var ev = new CustodyEvent
        {
            SeizureId = seizure.Id,
            Sequence = sequence,
            Kind = EnumText.TryParse<CustodyKind>(e.Kind, out var kind) ? kind : throw new InvalidOperationException($"Unknown custody event kind '{e.Kind}'."),
            At = at,
            Content = content,
            PreviousHash = previous,
            Hash = HashOf(previous, content),
        };
        db.CustodyEvents.Add(ev);
        AuditLog.Append(db, actor, "custody." + e.Kind, RecordTypes.Seizure, seizure.Id.ToString(), seizure.OwningAgencyId,
            new { seizure = seizure.Reference, sequence, hash = ev.Hash });
        return ev;
    }

    internal static CustodyEntry Parse(CustodyEvent e) => JsonSerializer.Deserialize<CustodyEntry>(e.Content, Canonical)!;

    public static CustodyEventView View(CustodyEvent e)
    {
        var x = Parse(e);
        return new CustodyEventView(e.Sequence, x.Kind, e.At, x.RecordedBy, x.From, x.To, x.Place, x.Purpose, x.Condition, x.SealsChecked, x.SealDiscrepancy,
            x.NewSeals, x.Samples, x.SampleLabel, x.LabResult, x.Answers, x.Reason, x.Attachment, e.PreviousHash, e.Hash);
    }

    /// <summary>Who holds the goods, which seals they should carry, and the handover awaiting an answer, replayed from the chain.</summary>
    public sealed record CustodyState(string? Custodian, IReadOnlyList<string> ExpectedSeals, CustodyEntry? PendingHandover, IReadOnlySet<string> Samples,
        Guid? CustodianUser = null, Guid? CustodianPost = null);

    /// <summary>Which custody steps an actor may take on a seizure now; pages show only these forms.</summary>
    public sealed record CustodyPermissions(bool Handover, bool Answer, bool Sample);

    public static CustodyState Replay(IEnumerable<CustodyEntry> entries)
    {
        string? custodian = null;
        Guid? custodianUser = null;
        Guid? custodianPost = null;
        var seals = new List<string>();
        CustodyEntry? pending = null;
        var samples = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            switch (e.Kind)
            {
                case "seized":
                    custodian = e.To;
                    custodianUser = e.ToUser;
                    custodianPost = e.ToPost;
                    seals = [.. e.SealsExpected ?? []];
                    break;
                case "handover":
                    pending = e;
                    break;
                case "accepted":
                    if (pending is not null)
                    {
                        custodian = pending.To;
                        custodianUser = pending.ToUser;
                        custodianPost = pending.ToPost;
                    }
                    pending = null;
                    break;
                case "refused":
                    pending = null;
                    break;
                case "sample":
                    foreach (var s in e.Samples ?? [])
                    {
                        samples.Add(s.Label);
                    }
                    if (e.NewSeals is { Length: > 0 })
                    {
                        seals = [.. e.NewSeals];
                    }
                    break;
            }
        }
        return new CustodyState(custodian, seals, pending, samples, custodianUser, custodianPost);
    }

    private static async Task<(Seizure Seizure, List<CustodyEntry> Entries)> LoadAsync(CordonDb db, Guid seizureId, CancellationToken ct)
    {
        var seizure = await db.Seizures.FirstOrDefaultAsync(s => s.Id == seizureId, ct) ?? throw new NotFound($"Seizure {seizureId} does not exist.");
        var events = await db.CustodyEvents.AsNoTracking().Where(e => e.SeizureId == seizureId).OrderBy(e => e.Sequence).ToListAsync(ct);
        return (seizure, events.Select(Parse).ToList());
    }

    /// <summary>
    /// Who may hand the goods on: an officer or supervisor of the owning agency, the user holding them, or a
    /// holder of the post holding them. <paramref name="posts"/>: the posts the actor holds.
    /// </summary>
    private static string? MayHandOver(Actor actor, Seizure seizure, CustodyState state, IReadOnlySet<Guid> posts)
        => (actor.UserId is { } me && state.CustodianUser == me) || (state.CustodianPost is { } post && posts.Contains(post)) ? null : OwnerRefusal(actor, seizure);

    /// <summary>
    /// Only the authenticated receiver answers a handover: the handing officer cannot record the receiver's
    /// acceptance. Chains from before receivers had to be users are answered by a supervisor of the owner.
    /// </summary>
    private static string? MayAnswer(Actor actor, Seizure seizure, CustodyEntry pending, IReadOnlySet<Guid> posts)
    {
        if (pending.ToPost is { } post)
        {
            return posts.Contains(post) ? null : $"Only a user holding the post {pending.To}, signed in as themselves, may accept or refuse this handover.";
        }
        if (pending.ToUser is { } receiver)
        {
            return actor.UserId == receiver ? null : $"Only {pending.To}, signed in as themselves, may accept or refuse this handover.";
        }
        return OwnerRefusal(actor, seizure) ?? (actor.Has(Roles.Supervisor) || actor.Kind == ActorKind.LocalOperator
            ? null
            : $"{pending.To} is not a Cordon user: only a supervisor of the owning agency may record the answer.");
    }

    /// <summary>Samples and results are recorded by the user holding the goods (by the owner where the holder is not a user).</summary>
    private static string? MayRecordSamples(Actor actor, Seizure seizure, CustodyState state, IReadOnlySet<Guid> posts)
    {
        if (state.CustodianPost is { } post)
        {
            return posts.Contains(post) ? null : $"Only a user holding the post {state.Custodian}, which holds the goods, may record samples and results.";
        }
        if (state.CustodianUser is { } holder)
        {
            return actor.UserId == holder ? null : $"Only {state.Custodian}, who holds the goods, may record samples and results.";
        }
        return OwnerRefusal(actor, seizure);
    }

    private static string? OwnerRefusal(Actor actor, Seizure seizure)
    {
        try
        {
            RecordOwnership.EnsureOwner(actor, seizure.OwningAgencyId, $"the custody of seizure {seizure.Reference}");
            return null;
        }
        catch (Forbidden e)
        {
            return e.Message;
        }
    }

    private static void Ensure(string? refusal)
    {
        if (refusal is not null)
        {
            throw new Forbidden(refusal);
        }
    }

    /// <summary>What <paramref name="actor"/> may do with the custody of a seizure now (for pages: no form the actor cannot use).</summary>
    public static async Task<CustodyPermissions> PermissionsAsync(CordonDb db, Actor actor, Guid seizureId, CancellationToken ct = default)
    {
        var (seizure, entries) = await LoadAsync(db, seizureId, ct);
        var state = Replay(entries);
        var posts = await CustodyPosts.HeldByAsync(db, actor, ct);
        var ended = seizure.LegalState is LegalState.Destroyed or LegalState.Released;
        return state.PendingHandover is { } pending
            ? new CustodyPermissions(false, MayAnswer(actor, seizure, pending, posts) is null, false)
            : new CustodyPermissions(!ended && MayHandOver(actor, seizure, state, posts) is null, false, MayRecordSamples(actor, seizure, state, posts) is null);
    }

    /// <summary>Who a handover goes to: a user, or a named post (then any of its holders answers).</summary>
    internal sealed record Recipient(string Name, Guid? UserId, Guid? PostId);

    /// <summary>
    /// Who a handover may go to: an enabled officer or supervisor of the owning agency, or of an agency the
    /// seizure is shared with under an agreement in force for investigation or prosecution; or a custody post
    /// of such an agency that such a user holds. Free-text names are refused: anyone could later create a user
    /// of that name in another agency and take the chain over.
    /// </summary>
    internal static async Task<Recipient?> RecipientAsync(CordonDb db, Seizure seizure, string name, CancellationToken ct)
    {
        var wanted = name.ToLowerInvariant();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == wanted && !u.Disabled, ct);
        if (user is not null)
        {
            return await MayHoldAsync(db, seizure, user, ct) ? new Recipient(user.UserName, user.Id, null) : null;
        }
        var post = await db.CustodyPosts.AsNoTracking().FirstOrDefaultAsync(p => p.Name == wanted, ct);
        if (post is null)
        {
            return null;
        }
        var holders = await db.CustodyPostHolders.AsNoTracking().Where(h => h.PostId == post.Id).Select(h => h.User!)
            .Where(u => !u.Disabled && u.AgencyId == post.AgencyId).ToListAsync(ct);
        foreach (var holder in holders)
        {
            if (await MayHoldAsync(db, seizure, holder, ct))
            {
                return new Recipient(post.Name, null, post.Id);
            }
        }
        return null;
    }

    private static async Task<bool> MayHoldAsync(CordonDb db, Seizure seizure, User user, CancellationToken ct)
    {
        if ((user.Roles & (Roles.Officer | Roles.Supervisor)) == 0)
        {
            return false;
        }
        if (user.AgencyId == seizure.OwningAgencyId)
        {
            return true;
        }
        var candidate = new Actor(user.Id, user.AgencyId, user.Roles, user.UserName, ActorKind.User);
        foreach (var purpose in new[] { Purpose.Investigation, Purpose.Prosecution })
        {
            var policy = await AccessPolicy.ForAsync(db, candidate, purpose, ct: ct);
            if (policy.Decide(Seizures.Ref(seizure)).Allowed)
            {
                return true;
            }
        }
        return false;
    }

    private static string? Discrepancy(IReadOnlyList<string> expected, string[]? checkedSeals)
    {
        if (checkedSeals is null)
        {
            return null;
        }
        var found = TextInput.Clean(checkedSeals);
        var missing = expected.Except(found, StringComparer.Ordinal).ToList();
        var unknown = found.Except(expected, StringComparer.Ordinal).ToList();
        if (missing.Count == 0 && unknown.Count == 0)
        {
            return null;
        }
        return string.Join("; ", new[]
        {
            missing.Count > 0 ? $"seal(s) not found: {string.Join(", ", missing)}" : null,
            unknown.Count > 0 ? $"seal(s) not on record: {string.Join(", ", unknown)}" : null,
        }.OfType<string>());
    }

    /// <summary>The current custodian hands the goods over; they stay the custodian until the receiver accepts.</summary>
    public static async Task<CustodyEventView> HandoverAsync(CordonDb db, Actor actor, Guid seizureId, HandoverRequest request, CancellationToken ct = default)
    {
        var (seizure, entries) = await LoadAsync(db, seizureId, ct);
        var state = Replay(entries);
        Ensure(MayHandOver(actor, seizure, state, await CustodyPosts.HeldByAsync(db, actor, ct)));
        NoPendingHandover(state);
        if (seizure.LegalState is LegalState.Destroyed or LegalState.Released)
        {
            throw new Conflict($"The goods of seizure {seizure.Reference} were {seizure.LegalState.Kebab()}: there is nothing left to hand over.");
        }
        var errors = new FieldErrors();
        var to = TextInput.Trim(request.To);
        Recipient? recipient = null;
        if (to is null)
        {
            errors.Add("to", "Name the receiving custodian.");
        }
        else if ((recipient = await RecipientAsync(db, seizure, to, ct)) is null)
        {
            // One answer for unknown users and users of agencies without custody rights: no oracle of user names.
            errors.Add("to", $"Custody goes to an officer or supervisor (by user name), or a custody post, of the owning agency or of an agency this seizure is shared with for investigation or prosecution; '{to}' is not one.");
        }
        else if ((recipient.UserId is { } u && u == state.CustodianUser) || (recipient.PostId is { } post && post == state.CustodianPost) || recipient.Name == state.Custodian)
        {
            errors.Add("to", $"{recipient.Name} already holds the goods.");
        }
        if (!EnumText.TryParse<CustodyPurpose>(request.Purpose, out var purpose))
        {
            errors.Add("purpose", $"Use one of: {EnumText.Choices<CustodyPurpose>()}.");
        }
        if (TextInput.Trim(request.Place) is null)
        {
            errors.Add("place", "State where the handover takes place.");
        }
        if (request.SealsChecked is null)
        {
            errors.Add("sealsChecked", $"Check the seals (on record: {(state.ExpectedSeals.Count == 0 ? "none" : string.Join(", ", state.ExpectedSeals))}) and list those found.");
        }
        errors.ThrowIfAny();
        var at = StoredValues.Ms(request.At ?? db.Clock.GetUtcNow());
        var ev = await AppendAsync(db, actor, seizure, n => new CustodyEntry
        {
            Seizure = seizure.Reference,
            Sequence = n,
            Kind = "handover",
            At = StoredValues.Iso(at),
            RecordedBy = actor.Name,
            From = state.Custodian,
            To = recipient!.Name,
            ToUser = recipient.UserId,
            ToPost = recipient.PostId,
            Place = TextInput.Trim(request.Place),
            Purpose = purpose.Kebab(),
            Condition = TextInput.Trim(request.Condition),
            SealsChecked = TextInput.Clean(request.SealsChecked).ToArray(),
            SealsExpected = state.ExpectedSeals.ToArray(),
            SealDiscrepancy = Discrepancy(state.ExpectedSeals, request.SealsChecked),
        }, ct);
        if (purpose == CustodyPurpose.Storage)
        {
            seizure.StorageLocation = TextInput.Trim(request.Place);
            seizure.Version++;
        }
        await db.SaveChangesAsync(ct);
        return View(ev);
    }

    /// <summary>The receiver accepts the goods (checking the seals again) or refuses them with a reason.</summary>
    public static async Task<CustodyEventView> AnswerAsync(CordonDb db, Actor actor, Guid seizureId, AnswerRequest request, CancellationToken ct = default)
    {
        var (seizure, entries) = await LoadAsync(db, seizureId, ct);
        var state = Replay(entries);
        var pending = state.PendingHandover ?? throw new Conflict($"No handover of seizure {seizure.Reference} awaits an answer.");
        Ensure(MayAnswer(actor, seizure, pending, await CustodyPosts.HeldByAsync(db, actor, ct)));
        var reason = TextInput.Trim(request.Reason);
        if (!request.Accept && reason is null)
        {
            throw ValidationFailed.Field("reason", "A refusal states its reason.");
        }
        var at = StoredValues.Ms(request.At ?? db.Clock.GetUtcNow());
        if (at < DateTimeOffset.Parse(pending.At, System.Globalization.CultureInfo.InvariantCulture))
        {
            throw ValidationFailed.Field("at", "The answer cannot precede the handover.");
        }
        var ev = await AppendAsync(db, actor, seizure, n => new CustodyEntry
        {
            Seizure = seizure.Reference,
            Sequence = n,
            Kind = request.Accept ? "accepted" : "refused",
            At = StoredValues.Iso(at),
            RecordedBy = actor.Name,
            From = pending.From,
            To = pending.To,
            ToUser = pending.ToUser,
            ToPost = pending.ToPost,
            Answers = pending.Sequence,
            Reason = reason,
            Condition = TextInput.Trim(request.Condition),
            SealsChecked = request.SealsChecked is null ? null : TextInput.Clean(request.SealsChecked).ToArray(),
            SealDiscrepancy = Discrepancy(state.ExpectedSeals, request.SealsChecked),
        }, ct);
        await db.SaveChangesAsync(ct);
        return View(ev);
    }

    /// <summary>Nothing else is recorded while a handover awaits its answer.</summary>
    private static void NoPendingHandover(CustodyState state)
    {
        if (state.PendingHandover is { } waiting)
        {
            throw new Conflict($"Handover {waiting.Sequence} to {waiting.To} awaits acceptance or refusal: answer it first.");
        }
    }

    /// <summary>The seizure and its custody so far, for samples or a lab result: no handover pending, and the actor's side holds the goods.</summary>
    private static async Task<(Seizure Seizure, CustodyState State)> ForSamplesAsync(CordonDb db, Actor actor, Guid seizureId, CancellationToken ct)
    {
        var (seizure, entries) = await LoadAsync(db, seizureId, ct);
        var state = Replay(entries);
        NoPendingHandover(state);
        Ensure(MayRecordSamples(actor, seizure, state, await CustodyPosts.HeldByAsync(db, actor, ct)));
        return (seizure, state);
    }

    /// <summary>Samples taken by the custodian's side; seals broken for it are replaced by the new ones.</summary>
    public static async Task<CustodyEventView> SampleAsync(CordonDb db, Actor actor, Guid seizureId, SampleRequest request, CancellationToken ct = default)
    {
        var (seizure, state) = await ForSamplesAsync(db, actor, seizureId, ct);
        var errors = new FieldErrors();
        var samples = request.Samples ?? [];
        if (samples.Length == 0)
        {
            errors.Add("samples", "List the samples taken.");
        }
        foreach (var (s, i) in samples.Select((s, i) => (s, i)))
        {
            if (string.IsNullOrWhiteSpace(s.Label))
            {
                errors.Add($"samples[{i}].label", "Each sample has a label.");
            }
            else if (state.Samples.Contains(s.Label.Trim()))
            {
                errors.Add($"samples[{i}].label", $"Sample {s.Label} already exists.");
            }
        }
        errors.ThrowIfAny();
        var ev = await AppendAsync(db, actor, seizure, n => new CustodyEntry
        {
            Seizure = seizure.Reference,
            Sequence = n,
            Kind = "sample",
            At = StoredValues.Iso(StoredValues.Ms(db.Clock.GetUtcNow())),
            RecordedBy = actor.Name,
            To = state.Custodian,
            Samples = samples.Select(s => new CustodySample(s.Label.Trim(), s.Description?.Trim() ?? "", TextInput.Trim(s.Quantity))).ToArray(),
            SealsExpected = state.ExpectedSeals.ToArray(),
            NewSeals = request.NewSeals is null ? null : TextInput.Clean(request.NewSeals).ToArray(),
            Reason = TextInput.Trim(request.Reason),
        }, ct);
        await db.SaveChangesAsync(ct);
        return View(ev);
    }

    public static async Task<CustodyEventView> LabResultAsync(CordonDb db, Actor actor, Guid seizureId, LabResultRequest request, CancellationToken ct = default)
    {
        var (seizure, state) = await ForSamplesAsync(db, actor, seizureId, ct);
        var errors = new FieldErrors();
        var label = TextInput.Trim(request.SampleLabel);
        if (label is null || !state.Samples.Contains(label))
        {
            if (label is null)
            {
                errors.Add("sampleLabel", "Name the sample.");
            }
            else
            {
                errors.Add("sampleLabel", $"No sample '{label}' was taken from seizure {seizure.Reference}.");
            }
        }
        if (TextInput.Trim(request.Result) is null)
        {
            errors.Add("result", "State the laboratory's result.");
        }
        errors.ThrowIfAny();
        var ev = await AppendAsync(db, actor, seizure, n => new CustodyEntry
        {
            Seizure = seizure.Reference,
            Sequence = n,
            Kind = "lab-result",
            At = StoredValues.Iso(StoredValues.Ms(db.Clock.GetUtcNow())),
            RecordedBy = actor.Name,
            SampleLabel = label,
            LabResult = TextInput.Trim(request.Result),
        }, ct);
        await db.SaveChangesAsync(ct);
        return View(ev);
    }

    /// <summary>
    /// Checks a seizure's chain: contiguous sequence, each event's previous hash equal to its
    /// predecessor's hash, each hash recomputed from the stored content, the indexed columns equal to
    /// the content, and every attachment's bytes hashing to the hash on record and in the chain.
    /// </summary>
    public static async Task<ChainReport> VerifyAsync(CordonDb db, Guid seizureId, CancellationToken ct = default)
    {
        var seizure = await db.Seizures.AsNoTracking().FirstOrDefaultAsync(s => s.Id == seizureId, ct) ?? throw new NotFound($"Seizure {seizureId} does not exist.");
        var events = await db.CustodyEvents.AsNoTracking().Where(e => e.SeizureId == seizureId).OrderBy(e => e.Sequence).ToListAsync(ct);
        var problems = new List<ChainProblem>();
        var previous = Genesis;
        var chained = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Sequence != i + 1)
            {
                problems.Add(ChainProblem.AtEvent(e.Sequence, $"expected event {i + 1} here, found {e.Sequence}: an event is missing"));
            }
            if (e.PreviousHash != previous)
            {
                problems.Add(ChainProblem.AtEvent(e.Sequence, "the previous-hash link does not match the preceding event's hash"));
            }
            if (HashOf(e.PreviousHash, e.Content) != e.Hash)
            {
                problems.Add(ChainProblem.AtEvent(e.Sequence, "the content does not match its hash: the event was changed"));
            }
            CustodyEntry? entry = null;
            try
            {
                entry = Parse(e);
            }
            catch (JsonException)
            {
                problems.Add(ChainProblem.AtEvent(e.Sequence, "the content is not readable"));
            }
            if (entry is not null && (entry.Sequence != e.Sequence || entry.Seizure != seizure.Reference || StoredValues.Iso(e.At) != entry.At
                    || !entry.Kind.Replace("-", "", StringComparison.Ordinal).Equals(e.Kind.ToString(), StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add(ChainProblem.AtEvent(e.Sequence, "the stored columns (sequence, seizure, kind or time) differ from the hashed content"));
            }
            if (entry?.Attachment is { } a)
            {
                chained.Add(a.Sha256);
            }
            previous = e.Hash;
        }
        if (events.Count == 0 || events[0].Kind != CustodyKind.Seized)
        {
            problems.Add(ChainProblem.AtEvent(null, "the chain does not begin with the seizure"));
        }
        var attachments = await db.SeizureAttachments.AsNoTracking().Where(a => a.SeizureId == seizureId).ToListAsync(ct);
        foreach (var a in attachments)
        {
            var blob = await db.EvidenceBlobs.AsNoTracking().FirstOrDefaultAsync(b => b.Sha256 == a.Sha256, ct);
            if (blob is null)
            {
                problems.Add(ChainProblem.AtEvent(null, $"attachment {a.FileName}: its content ({a.Sha256[..12]}…) is missing"));
            }
            else if (Hashes.Sha256Hex(blob.Content) != a.Sha256 || blob.Content.LongLength != a.Size)
            {
                problems.Add(ChainProblem.AtEvent(null, $"attachment {a.FileName}: its content no longer hashes to {a.Sha256[..12]}…: it was changed"));
            }
            if (!chained.Contains(a.Sha256))
            {
                problems.Add(ChainProblem.AtEvent(null, $"attachment {a.FileName} ({a.Sha256[..12]}…) is not in the custody chain"));
            }
        }
        return new ChainReport(seizure.Reference, problems.Count == 0, events.Count, attachments.Count, events.LastOrDefault()?.Hash, problems);
    }

    /// <summary>Every custody chain of a case's seizures.</summary>
    public static async Task<List<ChainReport>> VerifyCaseAsync(CordonDb db, Guid caseId, CancellationToken ct = default)
    {
        var ids = await db.Seizures.AsNoTracking().Where(s => s.CaseId == caseId).OrderBy(s => s.SeizedAt).Select(s => s.Id).ToListAsync(ct);
        var reports = new List<ChainReport>();
        foreach (var id in ids)
        {
            reports.Add(await Custody.VerifyAsync(db, id, ct));
        }
        return reports;
    }
}
