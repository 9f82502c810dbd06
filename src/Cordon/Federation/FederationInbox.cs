using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cordon.Audit;
using Cordon.Cases;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Federation;

/// <summary>
/// The receiving side. A batch is applied only when its envelope verifies with the sender's configured key;
/// items are applied strictly in sequence (an item at or below our cursor is a re-send and changes nothing;
/// one past a gap stops the batch, and the receipt tells the sender where to resume). A bad item is
/// rejected with its field and reason, and the rest of the batch still lands.
/// </summary>
public static partial class FederationInbox
{
    private sealed class ItemRejected(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }

    public static async Task<Envelope> ReceiveAsync(CordonDb db, Installation self, Envelope envelope, DateTimeOffset now, CancellationToken ct = default)
        => await ReceiveAsync(db, self, envelope, now, null, ct);

    /// <summary>As above; <paramref name="keys"/> (this node's messaging keys) seal received channel messages: without them, messages are rejected.</summary>
    public static async Task<Envelope> ReceiveAsync(CordonDb db, Installation self, Envelope envelope, DateTimeOffset now, Messaging.ChannelKeys? keys, CancellationToken ct = default)
    {
        var claimed = Envelopes.ClaimedSender(envelope);
        var partner = claimed is null ? null : await db.FederationPartners.AsNoTracking().FirstOrDefaultAsync(p => p.Name == claimed, ct);
        if (partner is null)
        {
            throw new Forbidden($"'{claimed ?? "(unsigned)"}' is not a partner installation of '{self.Name}'.");
        }
        if (Envelopes.Verify(envelope, NoteVerifier.Parse(partner.FederationKey), partner.Name, self.Name) is { } problem)
        {
            AuditLog.Append(db, new AuditEvent(AuditActor.Anonymous(partner.Name), "federation.reject") { Details = new { partner = partner.Name, reason = problem } });
            await db.SaveChangesAsync(ct);
            throw new Forbidden(problem);
        }
        FederationBatch batch;
        try
        {
            batch = JsonSerializer.Deserialize<FederationBatch>(envelope.Payload, FederationJson.Options) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw ValidationFailed.Field("payload", $"The signed payload is not a federation batch: {e.Message}");
        }
        var receipt = await ApplyAsync(db, partner, batch, now, keys, ct);
        return Envelopes.Seal(self, partner.Name, JsonSerializer.Serialize(receipt, FederationJson.Options));
    }

    /// <summary>Applies a verified batch from <paramref name="partner"/> in one transaction; returns the receipt.</summary>
    public static Task<FederationReceipt> ApplyAsync(CordonDb db, FederationPartner partner, FederationBatch batch, DateTimeOffset now, CancellationToken ct = default)
        => ApplyAsync(db, partner, batch, now, null, ct);

    /// <summary>As above, with this node's messaging keys to seal received channel messages.</summary>
    public static async Task<FederationReceipt> ApplyAsync(CordonDb db, FederationPartner partner, FederationBatch batch, DateTimeOffset now, Messaging.ChannelKeys? keys,
        CancellationToken ct = default)
    {
        var inbound = await db.FederationInbound.FirstOrDefaultAsync(i => i.PartnerId == partner.Id, ct);
        if (inbound is null)
        {
            inbound = new FederationInbound { PartnerId = partner.Id };
            db.FederationInbound.Add(inbound);
        }
        var last = inbound.LastSequence;
        var applied = 0;
        var duplicates = 0;
        var rejected = new List<ItemRejection>();
        var context = new ApplyContext(db, partner, now) { Keys = keys };
        await PrefetchAsync(context, batch, last, ct);
        foreach (var item in batch.Items.OrderBy(i => i.Seq))
        {
            if (item.Seq <= last)
            {
                duplicates++;
                continue;
            }
            if (item.Seq != last + 1)
            {
                break; // a gap: the receipt's cursor tells the sender to resume from last + 1
            }
            try
            {
                if (await ApplyItemAsync(context, item, ct))
                {
                    applied++;
                }
                else
                {
                    duplicates++;
                }
            }
            catch (ItemRejected e)
            {
                rejected.Add(new ItemRejection(item.Seq, e.Field, e.Message));
                AuditLog.Append(db, new AuditEvent(AuditActor.System, "federation.reject")
                {
                    RecordType = item.RecordType,
                    RecordId = item.RecordId,
                    Details = new { partner = partner.Name, seq = item.Seq, field = e.Field, reason = e.Message },
                });
            }
            last = item.Seq;
        }
        inbound.LastSequence = last;
        inbound.LastReceivedAt = now;
        if (rejected.Count > 0)
        {
            inbound.LastError = $"#{rejected[0].Seq} {rejected[0].Field}: {rejected[0].Message}";
            inbound.LastErrorAt = now;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Storage.StoreErrors.IsWriteConflict(e))
        {
            // Another delivery of the same items was applied at the same moment: the sender retries and they become duplicates.
            throw new Conflict($"A concurrent delivery from {partner.Name} was applied first; send again.");
        }
        if (context.MessagesApplied)
        {
            await Messaging.MessagePosts.AnnounceAsync(db, ct); // members' open pages here show them live
        }
        return new FederationReceipt(last, applied, duplicates, rejected);
    }

    private sealed class ApplyContext(CordonDb db, FederationPartner partner, DateTimeOffset now)
    {
        public CordonDb Db { get; } = db;
        public FederationPartner Partner { get; } = partner;
        /// <summary>When the batch is applied: the time of every receipt it records.</summary>
        public DateTimeOffset Now { get; } = now;
        public Dictionary<string, Guid> Reps { get; } = new(StringComparer.Ordinal);
        /// <summary>Copies of the batch's records ("type/origin id"), all looked up before applying: absent means new.</summary>
        public Dictionary<string, FederationCopy> Copies { get; } = new(StringComparer.Ordinal);
        /// <summary>Ids of the batch's records that exist here as local records of that type (copies or not).</summary>
        public HashSet<Guid> Existing { get; } = [];
        public Dictionary<Guid, SharingAgreement> Mirrors { get; } = [];
        /// <summary>This node's messaging keys: received messages are sealed with their channel's key here.</summary>
        public Messaging.ChannelKeys? Keys { get; init; }
        /// <summary>A channel message was applied: open message streams are woken after the save.</summary>
        public bool MessagesApplied { get; set; }
    }

    /// <summary>
    /// One query per table for the whole batch instead of several per item: the copies already received, the
    /// local records they stand for (tracked, to be updated), and which new ids are taken by records of our own.
    /// </summary>
    private static async Task PrefetchAsync(ApplyContext c, FederationBatch batch, long cursor, CancellationToken ct)
    {
        var records = batch.Items.Where(i => i.Seq > cursor && i.Kind == ItemKinds.Record && i.RecordId is { Length: > 0 and <= 100 } && i.RecordType is not null).ToList();
        foreach (var group in records.GroupBy(i => i.RecordType!))
        {
            var type = group.Key;
            foreach (var chunk in group.Select(i => i.RecordId!).Distinct().Chunk(500))
            {
                var keys = chunk.ToList();
                foreach (var copy in await c.Db.FederationCopies.Where(x => x.PartnerId == c.Partner.Id && x.RecordType == type && keys.Contains(x.OriginRecordId)).ToListAsync(ct))
                {
                    c.Copies[$"{type}/{copy.OriginRecordId}"] = copy;
                }
                var ids = keys.Select(k => Guid.TryParse(k, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
                switch (type)
                {
                    case RecordTypes.Seizure:
                        c.Existing.UnionWith(await c.Db.Seizures.Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct));
                        await c.Db.Seizures.Where(s => ids.Contains(s.Id) && c.Db.FederationCopies.Any(x => x.LocalRecordId == s.Id)).LoadAsync(ct);
                        break;
                    case RecordTypes.Case:
                        c.Existing.UnionWith(await c.Db.Cases.Where(x => ids.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct));
                        await c.Db.Cases.Where(x => ids.Contains(x.Id) && c.Db.FederationCopies.Any(f => f.LocalRecordId == x.Id)).LoadAsync(ct);
                        break;
                    case RecordTypes.Message:
                        c.Existing.UnionWith(await c.Db.ChannelMessages.Where(x => ids.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct));
                        break;
                    case RecordTypes.Declaration:
                        c.Existing.UnionWith(await c.Db.Declarations.Where(x => ids.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct));
                        await c.Db.Declarations.Include(d => d.Items).Where(x => ids.Contains(x.Id) && c.Db.FederationCopies.Any(f => f.LocalRecordId == x.Id)).LoadAsync(ct);
                        break;
                }
            }
        }
    }

    private static async Task<bool> ApplyItemAsync(ApplyContext c, FederationItem item, CancellationToken ct)
    {
        switch (item.Kind)
        {
            case ItemKinds.Withheld:
                return false;
            case ItemKinds.Agreement or ItemKinds.Revocation:
                await MirrorAsync(c, item.Agreement ?? throw new ItemRejected("agreement", "An agreement item carries the agreement."), ct);
                return true;
            case ItemKinds.Consent:
                return await ApplyConsentAsync(c, item.Consent ?? throw new ItemRejected("consent", "A consent item carries the consent."), ct);
            case ItemKinds.Record when item.RecordType == RecordTypes.Seizure:
                return await ApplySeizureAsync(c, item, ct);
            case ItemKinds.Record when item.RecordType == RecordTypes.Case:
                return await ApplyCaseAsync(c, item, ct);
            case ItemKinds.Record when item.RecordType == RecordTypes.Declaration:
                return await ApplyDeclarationAsync(c, item, ct);
            case ItemKinds.Record when item.RecordType == RecordTypes.Message:
                return await ApplyMessageAsync(c, item, ct);
            case ItemKinds.Record:
                throw new ItemRejected("recordType", $"Record type '{item.RecordType}' is not received by this installation (seizures, cases, declarations and messages are).");
            default:
                throw new ItemRejected("kind", $"Unknown item kind '{item.Kind}'.");
        }
    }

    /// <summary>
    /// The sender's agreement as a read-only mirror: provider is the local representation of the sender's
    /// agency, recipient our agency with the code the sender named. Never onward sharing, whatever the
    /// original says: a received copy stays here. A revocation makes the mirror revoked, and the access
    /// policy then denies the copies.
    /// </summary>
    private static async Task MirrorAsync(ApplyContext c, AgreementMessage m, CancellationToken ct)
    {
        var provider = await RepresentationAsync(c, m.Provider, ct);
        var recipient = await AgencyCodes.IdOfAsync(c.Db, m.RecipientCode, ct);
        if (recipient is null || await c.Db.FederationAgencies.AnyAsync(f => f.AgencyId == recipient, ct))
        {
            throw new ItemRejected("agreement.recipientCode", $"There is no agency '{m.RecipientCode}' of this installation.");
        }
        // Local first: the agreement and its revocation can arrive in the same batch.
        var mirror = c.Db.SharingAgreements.Local.FirstOrDefault(a => a.Id == m.Id) ?? await c.Db.SharingAgreements.FirstOrDefaultAsync(a => a.Id == m.Id, ct);
        if (mirror is not null && mirror.ProviderAgencyId != provider)
        {
            throw new ItemRejected("agreement.id", $"Agreement {m.Id} exists here and is not {c.Partner.Name}'s.");
        }
        var now = c.Now;
        // Our agency-admin's consent to this very version (sent back over the link) stays recorded while it awaits the sender.
        var consented = mirror is not null && mirror.Version == m.Version && m.Status == AgreementStatus.PendingApproval ? mirror.RecipientApprovedAt : null;
        if (mirror is null)
        {
            mirror = new SharingAgreement { Id = m.Id, Title = "", CreatedAt = now, UpdatedAt = now };
            c.Db.SharingAgreements.Add(mirror);
        }
        var title = $"{c.Partner.Name}: {m.Title}";
        mirror.Title = title.Length > 300 ? title[..300] : title;
        mirror.Version = m.Version;
        mirror.ProviderAgencyId = provider;
        mirror.RecipientAgencyId = recipient.Value;
        mirror.RecordTypes = m.RecordTypes;
        mirror.MaxMarking = m.MaxMarking;
        mirror.Purposes = m.Purposes;
        mirror.Redactions = m.Redactions;
        mirror.OnwardSharing = false;
        mirror.ValidFrom = m.ValidFrom;
        mirror.ValidUntil = m.ValidUntil;
        mirror.Status = m.Status;
        mirror.ProviderApprovedAt = m.Status == AgreementStatus.Active ? now : null;
        mirror.RecipientApprovedAt = m.Status == AgreementStatus.Active ? now : consented;
        mirror.RevokedAt = m.Status == AgreementStatus.Revoked ? m.RevokedAt ?? now : null;
        mirror.RevocationReason = m.Status == AgreementStatus.Revoked ? $"Revoked at {c.Partner.Name}: {m.RevocationReason}" : null;
        mirror.UpdatedAt = now;
        c.Db.SharingAgreementVersions.Add(new SharingAgreementVersion
        {
            AgreementId = m.Id,
            Version = m.Version,
            Change = $"mirrored from partner installation {c.Partner.Name}: {m.Status}",
            ChangedAt = now,
            Snapshot = JsonSerializer.Serialize(m, FederationJson.Options),
        });
        AuditLog.Append(c.Db, new AuditEvent(AuditActor.System, m.Status == AgreementStatus.Revoked ? "federation.revocation" : "federation.agreement")
        {
            RecordAgencyId = provider,
            Details = new { partner = c.Partner.Name, agreement = m.Id, version = m.Version, status = m.Status.ToString() },
        });
    }

    /// <summary>The local agency row that stands for an agency of the partner (created on first sight).</summary>
    private static async Task<Guid> RepresentationAsync(ApplyContext c, OriginAgency origin, CancellationToken ct)
    {
        var code = origin.Code.Trim().ToUpperInvariant();
        if (c.Reps.TryGetValue(code, out var known))
        {
            return known;
        }
        var link = await c.Db.FederationAgencies.FirstOrDefaultAsync(f => f.PartnerId == c.Partner.Id && f.RemoteCode == code, ct);
        if (link is not null)
        {
            return c.Reps[code] = link.AgencyId;
        }
        if (code.Length is 0 or > 16 || origin.Country.Length != 2)
        {
            throw new ItemRejected("origin", "The origin agency needs a code of 1 to 16 characters and a two-letter country.");
        }
        var local = await FederationPartners.FreeCodeAsync(c.Db, $"{c.Partner.Name.ToUpperInvariant()}-{code}", ct);
        var name = $"{origin.Name} (partner installation {c.Partner.Name})";
        var agency = new Agency { Code = local, Name = name.Length > 200 ? name[..200] : name, Kind = AgencyKind.PartnerCustomsAbroad, Country = origin.Country.ToUpperInvariant() };
        c.Db.Agencies.Add(agency);
        c.Db.FederationAgencies.Add(new FederationAgency { AgencyId = agency.Id, PartnerId = c.Partner.Id, RemoteId = origin.Id, RemoteCode = code });
        return c.Reps[code] = agency.Id;
    }

    /// <summary>What every record item needs checked before its type's fields: its id, origin, mirror agreement, and whether it is newer than the copy held.</summary>
    private sealed record Incoming(Guid Id, string OriginId, Guid Owner, Guid AgreementId, JsonElement View, int Redacted, FederationCopy? Copy);

    /// <summary>Null when the item is not newer than the copy already held (a re-send, or the same version with more removed).</summary>
    private static async Task<Incoming?> CheckIncomingAsync(ApplyContext c, FederationItem item, string what, CancellationToken ct)
    {
        if (item.RecordId is not { Length: > 0 and <= 100 } originId || !Guid.TryParse(originId, out var id))
        {
            throw new ItemRejected("recordId", $"A {what} is identified by its id (a GUID).");
        }
        if (item.Origin is null || item.AgreementId is not { } agreementId || item.View is not { ValueKind: JsonValueKind.Object } viewJson)
        {
            throw new ItemRejected("view", $"{what} {originId}: a record item carries its origin agency, agreement and view.");
        }
        var owner = await RepresentationAsync(c, item.Origin, ct);
        if (!c.Mirrors.TryGetValue(agreementId, out var mirror))
        {
            mirror = c.Db.SharingAgreements.Local.FirstOrDefault(a => a.Id == agreementId)
                     ?? await c.Db.SharingAgreements.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agreementId, ct);
            if (mirror is not null)
            {
                c.Mirrors[agreementId] = mirror;
            }
        }
        if (mirror is null || mirror.ProviderAgencyId != owner)
        {
            throw new ItemRejected("agreementId", $"{what} {originId}: agreement {agreementId} of {item.Origin.Code} was not received before its records.");
        }
        if (!mirror.RecordTypes.Contains(item.RecordType!))
        {
            throw new ItemRejected("recordType", $"{what} {originId}: agreement {agreementId} does not share {item.RecordType} records.");
        }
        var redacted = viewJson.TryGetProperty("_redacted", out var r) && r.ValueKind == JsonValueKind.Array ? r.GetArrayLength() : 0;
        c.Copies.TryGetValue($"{item.RecordType}/{originId}", out var copy);
        if (copy is not null)
        {
            var storedRedacted = JsonDocument.Parse(copy.Payload).RootElement.TryGetProperty("_redacted", out var sr) && sr.ValueKind == JsonValueKind.Array ? sr.GetArrayLength() : 0;
            // Idempotent: an older or equal version changes nothing (unless another agreement sent the same version with less removed).
            if (item.Version < copy.Version || item.Version == copy.Version && redacted >= storedRedacted)
            {
                return null;
            }
        }
        else if (c.Existing.Contains(id))
        {
            throw new ItemRejected("recordId", $"{what} {originId} exists here and is not a copy from {c.Partner.Name}.");
        }
        return new Incoming(id, originId, owner, agreementId, viewJson, redacted, copy);
    }

    /// <summary>Provenance of the copy (new or updated), and the audit entry of its receipt.</summary>
    private static void Record(ApplyContext c, FederationItem item, Incoming incoming, Caveats caveats)
    {
        var copy = incoming.Copy;
        if (copy is null)
        {
            copy = new FederationCopy { ReceivedAt = c.Now, PartnerId = c.Partner.Id, RecordType = item.RecordType!, OriginRecordId = incoming.OriginId, LocalRecordId = incoming.Id, OriginAgencyCode = "", Payload = "" };
            c.Db.FederationCopies.Add(copy);
            c.Existing.Add(incoming.Id);
        }
        c.Copies[$"{item.RecordType}/{incoming.OriginId}"] = copy;
        copy.OwningAgencyId = incoming.Owner;
        copy.OriginAgencyCode = item.Origin!.Code;
        copy.AgreementId = incoming.AgreementId;
        copy.Marking = item.Marking;
        copy.Caveats = caveats;
        copy.Version = item.Version;
        copy.Sequence = item.Seq;
        copy.Payload = incoming.View.GetRawText();
        copy.ReceivedAt = c.Now;
        AuditLog.Append(c.Db, new AuditEvent(AuditActor.System, "federation.receive")
        {
            RecordType = item.RecordType,
            RecordId = incoming.Id.ToString(),
            RecordAgencyId = incoming.Owner,
            Details = new { partner = c.Partner.Name, seq = item.Seq, version = item.Version, agreement = incoming.AgreementId, redacted = incoming.Redacted },
        });
    }

    private static async Task<bool> ApplySeizureAsync(ApplyContext c, FederationItem item, CancellationToken ct)
    {
        if (await CheckIncomingAsync(c, item, "Seizure", ct) is not { } incoming)
        {
            return false;
        }
        var (id, originId, owner, viewJson, copy) = (incoming.Id, incoming.OriginId, incoming.Owner, incoming.View, incoming.Copy);
        SeizureView view;
        try
        {
            view = viewJson.Deserialize<SeizureView>(StoredValues.Json) ?? throw new JsonException("empty view");
        }
        catch (JsonException e)
        {
            throw new ItemRejected("view", $"Seizure {originId}: the view does not read as a seizure ({e.Message}).");
        }
        var errors = Check(view);
        if (errors is { } e2)
        {
            throw new ItemRejected(e2.Field, $"Seizure {view.Reference}: {e2.Message}");
        }
        Seizure seizure;
        if (copy is null)
        {
            seizure = new Seizure { Id = id, Reference = "", Office = "", LegalBasis = "", CreatedBy = "" };
            c.Db.Seizures.Add(seizure);
        }
        else
        {
            // Local first: two versions of one record can arrive in the same batch.
            seizure = c.Db.Seizures.Local.FirstOrDefault(s => s.Id == copy.LocalRecordId) ?? await c.Db.Seizures.FirstAsync(s => s.Id == copy.LocalRecordId, ct);
        }
        seizure.Reference = CopyReference(c.Partner.Name, view.Reference, id);
        seizure.OwningAgencyId = owner;
        seizure.Marking = item.Marking;
        // A copy is never passed on, whatever the original allowed.
        seizure.Caveats = item.Caveats | Caveats.NoOnwardSharing;
        seizure.Office = view.Office;
        seizure.Place = view.Place;
        seizure.Latitude = view.Latitude;
        seizure.Longitude = view.Longitude;
        seizure.SeizedAt = view.SeizedAt;
        seizure.RouteFrom = view.RouteFrom;
        seizure.RouteTo = view.RouteTo;
        seizure.Items = (view.Items ?? []).ToList();
        seizure.SeizingOfficers = (view.SeizingOfficers ?? []).ToList();
        seizure.Witnesses = (view.Witnesses ?? []).ToList();
        seizure.Owner = view.Owner;
        seizure.LegalBasis = view.LegalBasis ?? "";
        seizure.ConcealmentMethod = view.ConcealmentMethod;
        seizure.DetectionMethod = view.DetectionMethod;
        seizure.SealNumbers = (view.SealNumbers ?? []).ToList();
        seizure.StorageLocation = view.StorageLocation;
        seizure.Perishable = view.Perishable;
        seizure.Hazardous = view.Hazardous;
        seizure.LegalState = EnumText.TryParse<LegalState>(view.Legal?.State, out var state) ? state : LegalState.Seized;
        seizure.DisposalWitnesses = (view.DisposalWitnesses ?? []).ToList();
        seizure.CreatedAt = view.CreatedAt;
        seizure.CreatedBy = view.CreatedBy ?? $"(withheld by {c.Partner.Name})";
        Record(c, item, incoming, seizure.Caveats);
        return true;
    }

    private static (string Field, string Message)? Check(SeizureView v)
    {
        (string Field, string? Value, int Max)[] limits =
        [
            ("reference", v.Reference, 100), ("office", v.Office, 35), ("place", v.Place, 300), ("routeFrom", v.RouteFrom, 2), ("routeTo", v.RouteTo, 2),
            ("owner", v.Owner, 300), ("legalBasis", v.LegalBasis, 300), ("concealmentMethod", v.ConcealmentMethod, 200),
            ("detectionMethod", v.DetectionMethod, 200), ("storageLocation", v.StorageLocation, 300), ("createdBy", v.CreatedBy, 200),
        ];
        foreach (var (field, value, max) in limits)
        {
            if (value is { Length: var n } && n > max)
            {
                return (field, $"{field} is longer than {max} characters.");
            }
        }
        if (string.IsNullOrWhiteSpace(v.Office))
        {
            return ("office", "office is missing.");
        }
        return null;
    }

    /// <summary>
    /// The copy's reference names its origin ("BETA:SZ-2026-0001"), so it never collides with ours nor
    /// feeds our own numbering (which counts "SZ-yyyy-" references); too long, a stable digest stands in.
    /// </summary>
    public static string CopyReference(string partner, string originReference, Guid id)
    {
        var tag = new string(partner.ToUpperInvariant().Where(char.IsLetterOrDigit).Take(6).ToArray());
        var reference = $"{tag}:{originReference}";
        return reference.Length <= 20
            ? reference
            : $"{tag}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id.ToString())))[..(19 - tag.Length)]}";
    }
}
