using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cordon.Audit;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Federation;

/// <summary>How the delivery worker paces itself (Cordon:Federation:* settings).</summary>
public sealed record DeliveryOptions(int BatchSize, int EnqueueLimit, TimeSpan MaxBackoff, TimeSpan Timeout)
{
    public static readonly DeliveryOptions Default = new(200, 1000, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30));

    public TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(attempts - 1, 20))));
}

/// <summary>
/// The sending side. <c>EnqueueAsync</c> turns what agreements in force share with a partner's
/// agencies into numbered outbox items (agreement state first, then records, each redacted by the one
/// access policy as the recipient agency would read it); <c>DeliverAsync</c> sends the items after
/// the partner's cursor, signed, and moves the cursor to what the partner says it applied.
/// </summary>
public static class FederationOutbox
{
    /// <summary>Queues what is due for the partner; returns how many items were added.</summary>
    public static Task<int> EnqueueAsync(CordonDb db, FederationPartner partner, DateTimeOffset now, int limit, CancellationToken ct = default)
        => EnqueueAsync(db, partner, now, limit, null, ct);

    /// <summary>
    /// As above; <paramref name="only"/> (records a commit on this node just changed) limits the look to those
    /// records, so a new seizure leaves at once without the store probing every shared record. Agreement states
    /// are always checked.
    /// </summary>
    public static Task<int> EnqueueAsync(CordonDb db, FederationPartner partner, DateTimeOffset now, int limit, IReadOnlyCollection<(string Type, Guid Id)>? only,
        CancellationToken ct = default)
        => EnqueueAsync(db, partner, now, limit, only, null, ct);

    /// <summary>As above; <paramref name="keys"/> (this node's messaging keys) lets channel messages leave: without them none is queued.</summary>
    public static async Task<int> EnqueueAsync(CordonDb db, FederationPartner partner, DateTimeOffset now, int limit, IReadOnlyCollection<(string Type, Guid Id)>? only,
        Messaging.ChannelKeys? keys, CancellationToken ct = default)
    {
        var reps = await db.FederationAgencies.AsNoTracking().ToListAsync(ct);
        var partnerReps = reps.Where(r => r.PartnerId == partner.Id).ToDictionary(r => r.AgencyId, r => r.RemoteCode);
        // Agencies of any partner: their records are received copies, and copies are never forwarded.
        var anyRep = reps.Select(r => r.AgencyId).ToHashSet();
        if (partnerReps.Count == 0)
        {
            return 0;
        }
        var repIds = partnerReps.Keys.ToList();
        var agreements = await db.SharingAgreements.AsNoTracking().Where(a => repIds.Contains(a.RecipientAgencyId)).OrderBy(a => a.CreatedAt).ToListAsync(ct);
        if (agreements.Count == 0)
        {
            return 0;
        }
        var links = await db.FederationAgreementLinks.Where(l => l.PartnerId == partner.Id).ToDictionaryAsync(l => l.AgreementId, ct);
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, ct);
        // The agencies as the access policy knows them: the partner's agency is abroad (personal data only if the
        // agreement covers it) and its kind decides law-enforcement-only records.
        var facts = agencies.ToDictionary(a => a.Key, a => new AccessPolicy.AgencyFacts(a.Value.Code, a.Value.Kind, a.Value.Country));
        var added = new List<FederationOutboxItem>();

        foreach (var a in agreements.Where(a => !anyRep.Contains(a.ProviderAgencyId)))
        {
            var state = $"{a.Version}:{a.Status}";
            links.TryGetValue(a.Id, out var link);
            if (link is null && !a.InForce(now) && !AwaitsPartnerConsent(a))
            {
                continue; // never in force or proposed towards this partner: nothing to tell it
            }
            if (link?.SentState != state)
            {
                var provider = agencies[a.ProviderAgencyId];
                var message = new AgreementMessage(a.Id, a.Version, a.Title, a.Status, new OriginAgency(provider.Id, provider.Code, provider.Name, provider.Country),
                    partnerReps[a.RecipientAgencyId], a.RecordTypes, a.MaxMarking, a.Purposes, a.Redactions, a.ValidFrom, a.ValidUntil, a.RevokedAt, a.RevocationReason);
                var kind = a.Status == AgreementStatus.Revoked ? ItemKinds.Revocation : ItemKinds.Agreement;
                added.Add(Item(partner, kind, new FederationItem(0, kind) { Agreement = message, AgreementId = a.Id }, a.Id, null, null, provider.Id, now));
                if (link is null)
                {
                    db.FederationAgreementLinks.Add(new FederationAgreementLink { PartnerId = partner.Id, AgreementId = a.Id, SentState = state });
                }
                else
                {
                    link.SentState = state;
                }
            }
            if (!a.InForce(now))
            {
                continue;
            }
            foreach (var type in FederatedType.All.Where(t => a.RecordTypes.Contains(t.RecordType) && (keys is not null || t is not FederatedMessages)))
            {
                var ids = only?.Where(h => h.Type == type.RecordType).Select(h => h.Id).ToList();
                if (added.Count >= limit || ids is { Count: 0 })
                {
                    continue;
                }
                added.AddRange(await RecordsDueAsync(db, partner, a, type, agencies[a.ProviderAgencyId], facts, ids, keys, now, limit - added.Count, ct));
            }
        }
        if (added.Count == 0)
        {
            await db.SaveChangesAsync(ct); // link states of agreements that stopped before anything was sent
            return 0;
        }
        foreach (var item in added)
        {
            item.Sequence = ++partner.OutboxSequence;
            item.Body = item.Body.Replace("\"seq\":0,", $"\"seq\":{item.Sequence},", StringComparison.Ordinal);
        }
        db.FederationOutbox.AddRange(added);
        await db.SaveChangesAsync(ct);
        return added.Count;
    }

    /// <summary>Proposed and approved by our agency, waiting for the partner agency's admin to consent over the link.</summary>
    public static bool AwaitsPartnerConsent(SharingAgreement a)
        => a.Status == AgreementStatus.PendingApproval && a.ProviderApprovedAt is not null && a.RecipientApprovedAt is null;

    /// <summary>
    /// Records of one type the agreement shares that were not yet queued for the partner at their current
    /// version: found by one query (the access policy's own filter, read as an onward share, minus what was
    /// sent), loaded a page at a time, and redacted by the access policy's decision for the recipient agency.
    /// </summary>
    private static async Task<List<FederationOutboxItem>> RecordsDueAsync(CordonDb db, FederationPartner partner, SharingAgreement a, FederatedType type, Agency provider,
        Dictionary<Guid, AccessPolicy.AgencyFacts> facts, IReadOnlyCollection<Guid>? only, Messaging.ChannelKeys? keys, DateTimeOffset now, int limit, CancellationToken ct)
    {
        // The recipient agency as the one access policy sees it, once per purpose the agreement permits:
        // the copy carries the union of what any of them removes, so it is safe for every purpose it may be read for.
        var recipient = new Actor(null, a.RecipientAgencyId, Roles.Officer, $"partner installation {partner.Name}", ActorKind.ApiKey);
        var policies = a.Purposes.Select(p => AccessPolicy.ForDelivery(recipient, p, now, [a], facts)).ToList();
        if (policies.Count == 0)
        {
            return [];
        }
        var due = await type.DueAsync(db, policies[0], partner.Id, a, only, limit, ct);
        if (due.Count == 0)
        {
            return [];
        }
        var origin = new OriginAgency(provider.Id, provider.Code, provider.Name, provider.Country);
        var items = new List<FederationOutboxItem>();
        var sentRows = new Dictionary<string, FederationSent>(StringComparer.Ordinal);
        foreach (var chunk in due.Chunk(500))
        {
            var recordIds = chunk.Select(id => id.ToString()).ToList();
            foreach (var row in await db.FederationSent.Where(x => x.PartnerId == partner.Id && x.AgreementId == a.Id && x.RecordType == type.RecordType && recordIds.Contains(x.RecordId)).ToListAsync(ct))
            {
                sentRows[row.RecordId] = row;
            }
            foreach (var record in await type.LoadAsync(db, chunk, a, policies[0], keys, ct))
            {
                // "Onward": a record its owner marked no-onward-sharing never leaves the installation.
                var decisions = policies.Select(p => p.Decide(record.Ref, onward: true)).ToList();
                if (decisions.Any(d => !d.Allowed))
                {
                    continue; // the policy would not let the recipient read it: it does not leave
                }
                var fields = decisions.SelectMany(d => d.RedactedFields).ToHashSet(StringComparer.Ordinal);
                var view = Redaction.Apply(record.View, fields);
                var key = record.Ref.RecordId!;
                var message = new FederationItem(0, ItemKinds.Record)
                {
                    RecordType = type.RecordType,
                    RecordId = key,
                    Version = record.Version,
                    AgreementId = a.Id,
                    Origin = origin,
                    Marking = record.Ref.Marking,
                    Caveats = record.Ref.Caveats,
                    View = JsonSerializer.SerializeToElement(await type.StoredViewAsync(db, record, view, keys, ct)),
                };
                items.Add(Item(partner, ItemKinds.Record, message, a.Id, type.RecordType, key, record.Ref.OwningAgencyId, now));
                if (sentRows.TryGetValue(key, out var row))
                {
                    row.Version = record.Version;
                }
                else
                {
                    db.FederationSent.Add(sentRows[key] = new FederationSent { PartnerId = partner.Id, AgreementId = a.Id, RecordType = type.RecordType, RecordId = key, Version = record.Version });
                }
            }
        }
        return items;
    }

    internal static FederationOutboxItem Item(FederationPartner partner, string kind, FederationItem message, Guid? agreement, string? recordType, string? recordId, Guid? agency,
        DateTimeOffset now)
        => new()
        {
            PartnerId = partner.Id,
            Kind = kind,
            CreatedAt = now,
            AgreementId = agreement,
            RecordType = recordType,
            RecordId = recordId,
            RecordAgencyId = agency,
            // "seq" first and 0 until numbered: the sequence is set in the same save that stores the item.
            Body = JsonSerializer.Serialize(message, FederationJson.Options),
        };

    /// <summary>
    /// Sends the next batch after the partner's cursor, unless a retry is not yet due. Returns the number of
    /// items the partner confirmed (0 when there was nothing to send or the attempt failed: see LastError).
    /// </summary>
    public static Task<int> DeliverAsync(CordonDb db, Installation self, FederationPartner partner, HttpClient http, DeliveryOptions options,
        DateTimeOffset now, CancellationToken ct = default)
        => DeliverAsync(db, self, partner, http, options, now, null, ct);

    /// <summary>As above; <paramref name="keys"/> (this node's messaging keys) open the channel messages the outbox keeps sealed.</summary>
    public static async Task<int> DeliverAsync(CordonDb db, Installation self, FederationPartner partner, HttpClient http, DeliveryOptions options,
        DateTimeOffset now, Messaging.ChannelKeys? keys, CancellationToken ct = default)
    {
        if (partner.NextAttemptAt is { } due && due > now)
        {
            return 0;
        }
        var from = partner.AckedSequence;
        var items = await db.FederationOutbox.Where(i => i.PartnerId == partner.Id && i.Sequence > from).OrderBy(i => i.Sequence).Take(options.BatchSize).ToListAsync(ct);
        if (items.Count == 0)
        {
            return 0;
        }
        await WithholdRevokedAsync(db, partner, items, now, ct);
        var payload = new StringBuilder().Append("{\"v\":1,\"from\":\"").Append(self.Name).Append("\",\"to\":\"").Append(partner.Name).Append("\",\"items\":[")
            .AppendJoin(',', await FederatedMessages.OpenedBodiesAsync(db, items, keys, ct)).Append("]}").ToString();
        var envelope = Envelopes.Seal(self, partner.Name, payload);
        using var activity = Common.CordonTelemetry.Source.StartActivity("federation.deliver", System.Diagnostics.ActivityKind.Producer);
        activity?.SetTag("cordon.federation.partner", partner.Name);
        activity?.SetTag("cordon.federation.items", items.Count);
        FederationReceipt receipt;
        try
        {
            receipt = await SendAsync(self, partner, http, options, envelope, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or FormatException && !ct.IsCancellationRequested)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            partner.Attempts++;
            partner.NextAttemptAt = now + options.Backoff(partner.Attempts);
            partner.LastError = Shorten(e.Message);
            partner.LastErrorAt = now;
            await db.SaveChangesAsync(ct);
            return 0;
        }
        var confirmed = items.Where(i => i.Sequence > from && i.Sequence <= receipt.Cursor).ToList();
        var lagPartner = new KeyValuePair<string, object?>("partner", partner.Name);
        foreach (var item in confirmed)
        {
            Common.CordonTelemetry.FederationLag.Record((now - item.CreatedAt).TotalSeconds, lagPartner);
            item.AckedAt = now;
            if (item.Kind is ItemKinds.Record or ItemKinds.Agreement or ItemKinds.Revocation or ItemKinds.Consent)
            {
                AuditLog.Append(db, new AuditEvent(AuditActor.System, "federation.send")
                {
                    RecordType = item.RecordType,
                    RecordId = item.RecordId ?? item.AgreementId?.ToString(),
                    RecordAgencyId = item.RecordAgencyId,
                    Details = new { partner = partner.Name, seq = item.Sequence, kind = item.Kind, agreement = item.AgreementId },
                });
            }
        }
        // The partner's cursor is the truth, even backwards (its store restored from a backup): we resend from there.
        partner.AckedSequence = receipt.Cursor;
        partner.LastSentAt = now;
        partner.Attempts = 0;
        partner.NextAttemptAt = null;
        partner.LastError = receipt.Rejected.Count == 0 ? null : Shorten($"{receipt.Rejected.Count} item(s) rejected, first #{receipt.Rejected[0].Seq} {receipt.Rejected[0].Field}: {receipt.Rejected[0].Message}");
        partner.LastErrorAt = receipt.Rejected.Count == 0 ? partner.LastErrorAt : now;
        await db.SaveChangesAsync(ct);
        return confirmed.Count;
    }

    /// <summary>Checked at the moment of sending, not only when queued: a revocation stops the flow at once.</summary>
    private static async Task WithholdRevokedAsync(CordonDb db, FederationPartner partner, List<FederationOutboxItem> items, DateTimeOffset now, CancellationToken ct)
    {
        var agreementIds = items.Where(i => i.Kind == ItemKinds.Record && i.AgreementId is not null).Select(i => i.AgreementId!.Value).Distinct().ToList();
        var agreements = (await db.SharingAgreements.AsNoTracking().Where(a => agreementIds.Contains(a.Id)).ToListAsync(ct)).ToDictionary(a => a.Id);
        var inForce = agreements.ToDictionary(a => a.Key, a => a.Value.InForce(now));
        // A channel message leaves only while the partner's agency is still a member of its channel.
        var removed = await FederatedMessages.NoLongerMembersAsync(db, items, agreements, ct);
        foreach (var item in items.Where(i => i.Kind == ItemKinds.Record && (!inForce.GetValueOrDefault(i.AgreementId!.Value)
                                                                            || i.RecordType == RecordTypes.Message && removed.Contains(i.RecordId!))))
        {
            item.Kind = ItemKinds.Withheld;
            item.Body = JsonSerializer.Serialize(new FederationItem(item.Sequence, ItemKinds.Withheld), FederationJson.Options);
            // Not sent after all: if the agreement comes back into force (a changed version approved again), it is queued anew.
            if (await db.FederationSent.FindAsync([partner.Id, item.AgreementId!.Value, item.RecordType!, item.RecordId!], ct) is { } sent)
            {
                db.FederationSent.Remove(sent);
            }
        }
    }

    /// <summary>Posts the sealed batch to the partner's inbox and returns its receipt, once checked: signed by the partner, and not beyond what was queued.</summary>
    private static async Task<FederationReceipt> SendAsync(Installation self, FederationPartner partner, HttpClient http, DeliveryOptions options, Envelope envelope,
        CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        using var response = await http.PostAsJsonAsync(new Uri(new Uri(partner.BaseUrl.TrimEnd('/') + "/"), "api/federation/inbox"), envelope, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            throw new HttpRequestException($"{partner.Name} answered {(int)response.StatusCode}: {Shorten(text)}");
        }
        var sealedReceipt = await response.Content.ReadFromJsonAsync<Envelope>(timeout.Token) ?? throw new HttpRequestException("Empty receipt.");
        // The receipt moves our cursor, so it must come from the partner: it is signed like a batch.
        if (Envelopes.Verify(sealedReceipt, Audit.NoteVerifier.Parse(partner.FederationKey), partner.Name, self.Name) is { } problem)
        {
            throw new HttpRequestException($"Receipt rejected: {problem}");
        }
        var receipt = JsonSerializer.Deserialize<FederationReceipt>(sealedReceipt.Payload, FederationJson.Options) ?? throw new HttpRequestException("Empty receipt.");
        if (receipt.Cursor > partner.OutboxSequence)
        {
            throw new HttpRequestException($"{partner.Name} claims to have applied up to {receipt.Cursor}, but only {partner.OutboxSequence} items exist.");
        }
        return receipt;
    }

    private static string Shorten(string text) => text.Length <= 1000 ? text : text[..1000];
}
