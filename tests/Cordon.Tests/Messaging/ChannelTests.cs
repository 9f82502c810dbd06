using System.Text;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Messaging;
using Cordon.Operations;
using Cordon.Sharing;
using Cordon.Storage;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Messaging;

public sealed class ChannelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset T = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private static readonly ChannelKeys Keys = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private const string What = "Cigarettes hidden in a refrigerated trailer";
    private const string Vehicle = "NL-12-AB-3";

    private static SharingAgreement Agreement(Guid from, Guid to, params RedactionRule[] redactions) => new()
    {
        Title = "Joint operation messaging", ProviderAgencyId = from, RecipientAgencyId = to, RecordTypes = [RecordTypes.Message], MaxMarking = Tlp.Amber,
        Purposes = [Purpose.Investigation, Purpose.RiskAnalysis], Redactions = [.. redactions], ValidFrom = T.AddDays(-10), ValidUntil = T.AddYears(1),
        Status = AgreementStatus.Active, ProviderApprovedAt = T.AddDays(-10), RecipientApprovedAt = T.AddDays(-10),
    };

    private sealed record World(TestStore Store, Actor Nbp, Actor Nca, Actor Pca, Actor Nis, Guid Channel) : IAsyncDisposable
    {
        public async Task<AccessPolicy> PolicyAsync(CordonDb db, Actor actor, DateTimeOffset? at = null) => await AccessPolicy.ForAsync(db, actor, Purpose.Investigation, at ?? T, Ct);
        public ValueTask DisposeAsync() => Store.DisposeAsync();
    }

    /// <summary>The joint operation's channel: NBP owns it, NCA and PCA (abroad, under NBP's agreement covering messages, vehicle withheld) are members.</summary>
    private static async Task<World> JointOperationChannelAsync(string store)
    {
        var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        await OperationsDemo.SeedAsync(db, TestClock.Now, Ct);
        var (nbp, nca, pca, nis) = (await s.ActorAsync("bp.officer"), await s.ActorAsync("officer"), await s.ActorAsync("pca.officer"), await s.ActorAsync("nis.officer"));
        db.SharingAgreements.AddRange(Agreement(nbp.AgencyId!.Value, pca.AgencyId!.Value, new RedactionRule(["warning.vehicle"], [RecordTypes.Message])),
            Agreement(pca.AgencyId!.Value, nbp.AgencyId!.Value));
        await db.SaveChangesAsync(Ct);
        var operation = await db.Operations.FirstAsync(o => o.Name == OperationsDemo.OperationName, Ct);
        var channel = await Channels.CreateAsync(db, nbp, Keys,
            new ChannelInput("operation", operation.Id, "Kempen field channel", null, T.AddDays(7), "TLP:AMBER", [], ["NCA", "PCA"]), T, Ct);
        return new World(s, nbp, nca, pca, nis, channel.Id);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_seizure_report_is_filled_from_the_recorded_seizure_links_to_it_and_reaches_the_partner_abroad_without_the_name_of_whom_it_was_seized_from(string store)
    {
        await using var w = await JointOperationChannelAsync(store);
        await using var db = w.Store.Open();
        // Customs share messages with the partner abroad, without personal data.
        db.SharingAgreements.Add(Agreement(w.Nca.AgencyId!.Value, w.Pca.AgencyId!.Value));
        await db.SaveChangesAsync(Ct);
        var seizure = await Cordon.Cases.Seizures.CreateAsync(db, w.Nca, Cordon.Tests.Cases.CaseWorld.Seizure(owner: "Jan de Groot"), Ct);

        var posted = await ChannelMessages.PostAsync(db, w.Nca, Keys, w.Channel,
            new MessageInput("Found behind the reefer's false wall.", SeizureReport: new SeizureReportInput(null, seizure.Reference)), T, Ct);
        Assert.Equal("seizure-report", posted.Template);
        var report = posted.SeizureReport!;
        Assert.Equal((seizure.Id, seizure.Reference, "NL000396", "Jan de Groot"), (report.Seizure, report.Reference, report.Office, report.Owner));
        Assert.Equal("42 kg white powder bricks 293972 cocaine", report.Items.Single() is var i ? $"{i.Quantity:0.###} {i.Unit} {i.Description} {i.HsCode} {i.Category}" : "");
        // It is caveated as the seizure is (personal data), so the policy can withhold the name where an agreement does.
        Assert.Contains("personal-data", posted.Caveats);

        // The border police, in the same country, read it whole; the partner abroad reads what was seized, not from whom.
        var nbpSees = Assert.Single(await ChannelMessages.ListAsync(db, await w.PolicyAsync(db, w.Nbp), Keys, w.Channel, Ct));
        Assert.Equal("Jan de Groot", nbpSees.SeizureReport!.Owner);
        var pcaSees = Assert.Single(await ChannelMessages.ListAsync(db, await w.PolicyAsync(db, w.Pca), Keys, w.Channel, Ct));
        Assert.Null(pcaSees.SeizureReport!.Owner);
        Assert.Equal((seizure.Reference, "white powder bricks"), (pcaSees.SeizureReport.Reference, pcaSees.SeizureReport.Items.Single().Description));
        Assert.Contains("seizureReport.owner", pcaSees.Redacted);

        // A RED seizure cannot be reported in the AMBER channel; the partner cannot report a seizure it may not read; a report stays one.
        var red = await Cordon.Cases.Seizures.CreateAsync(db, w.Nca, Cordon.Tests.Cases.CaseWorld.Seizure(marking: "TLP:RED"), Ct);
        var tooHigh = await Assert.ThrowsAsync<ValidationFailed>(() => ChannelMessages.PostAsync(db, w.Nca, Keys, w.Channel,
            new MessageInput(null, SeizureReport: new SeizureReportInput(red.Id)), T, Ct));
        Assert.Contains("is marked TLP:RED", tooHigh.Errors["seizureReport"][0], StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<CordonException>(() => ChannelMessages.PostAsync(db, w.Pca, Keys, w.Channel,
            new MessageInput(null, SeizureReport: new SeizureReportInput(seizure.Id)), T, Ct));
        var unknown = await Assert.ThrowsAsync<ValidationFailed>(() => ChannelMessages.PostAsync(db, w.Nca, Keys, w.Channel,
            new MessageInput(null, SeizureReport: new SeizureReportInput(null, "SZ-NOPE")), T, Ct));
        Assert.Contains("seizureReport.seizure", unknown.Errors.Keys);
        await Assert.ThrowsAsync<ValidationFailed>(() => ChannelMessages.EditAsync(db, w.Nca, Keys, w.Channel, posted.Id, new MessageEdit("changed"), T, Ct));

        // The report is sealed like every body: the owner's name is nowhere in the store in clear.
        var stored = await db.ChannelMessages.AsNoTracking().SingleAsync(m => m.Id == posted.Id, Ct);
        Assert.DoesNotContain("Jan de Groot", Encoding.UTF8.GetString(stored.Body!), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_warning_from_the_border_police_reaches_the_partner_abroad_redacted_and_a_non_member_sees_nothing(string store)
    {
        await using var w = await JointOperationChannelAsync(store);
        await using var db = w.Store.Open();
        var warning = await ChannelMessages.PostAsync(db, w.Nbp, Keys, w.Channel,
            new MessageInput("Truck left Antwerp at 09:40.", Warning: new WarningInput(What, "A58 towards Baarle", T.AddHours(2), Vehicle, "high")), T, Ct);
        Assert.Equal("warning", warning.Template);

        // Customs, a member of the border police's own country, reads it in full.
        var ncaSees = Assert.Single(await ChannelMessages.ListAsync(db, await w.PolicyAsync(db, w.Nca), Keys, w.Channel, Ct));
        Assert.Equal((What, Vehicle, "high"), (ncaSees.Warning!.What, ncaSees.Warning.Vehicle, ncaSees.Warning.Confidence));
        Assert.Empty(ncaSees.Redacted);

        // The partner abroad reads it under the agreement: the vehicle withheld, the rest there.
        var pcaSees = Assert.Single(await ChannelMessages.ListAsync(db, await w.PolicyAsync(db, w.Pca), Keys, w.Channel, Ct));
        Assert.Equal((What, "A58 towards Baarle", T.AddHours(2)), (pcaSees.Warning!.What, pcaSees.Warning.Where, pcaSees.Warning.When));
        Assert.Null(pcaSees.Warning.Vehicle);
        Assert.Equal(["warning.vehicle"], pcaSees.Redacted);
        Assert.Contains(await db.AuditEntries.Where(e => e.Action == "records.list" && e.RecordType == RecordTypes.Message).ToListAsync(Ct),
            e => e.ActorAgencyId == w.Pca.AgencyId && e.RecordAgencyId == w.Nbp.AgencyId);

        // The partner answers with Feedback; the border police read it under PCA's agreement, customs has none from PCA and does not.
        var feedback = await ChannelMessages.PostAsync(db, w.Pca, Keys, w.Channel,
            new MessageInput(null, warning.Id, Feedback: new FeedbackInput(warning.Id, "Trailer stopped at Hazeldonk: 800,000 cigarettes seized")), T.AddHours(3), Ct);
        var nbpSees = await ChannelMessages.ListAsync(db, await w.PolicyAsync(db, w.Nbp), Keys, w.Channel, Ct);
        Assert.Equal([warning.Id, feedback.Id], nbpSees.Select(m => m.Id));
        Assert.Equal(warning.Id, nbpSees[1].Feedback!.OnMessage);
        Assert.Equal([warning.Id], (await ChannelMessages.ListAsync(db, await w.PolicyAsync(db, w.Nca), Keys, w.Channel, Ct)).Select(m => m.Id));

        // Immigration is no member: no channel in its list, and every path answers "not found".
        Assert.Empty(await Channels.ListAsync(db, w.Nis, T, Ct));
        await Assert.ThrowsAsync<NotFound>(() => Channels.GetAsync(db, w.Nis, w.Channel, T, Ct));
        await Assert.ThrowsAsync<NotFound>(async () => await ChannelMessages.ListAsync(db, await w.PolicyAsync(db, w.Nis), Keys, w.Channel, Ct));
        await Assert.ThrowsAsync<NotFound>(() => ChannelMessages.PostAsync(db, w.Nis, Keys, w.Channel, new MessageInput("hello"), T, Ct));
        await Assert.ThrowsAsync<NotFound>(async () => await ChannelMessages.MarkReadAsync(db, await w.PolicyAsync(db, w.Nis), w.Channel, T, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_red_message_is_refused_in_an_amber_channel_and_a_closed_channel_refuses_posts(string store)
    {
        await using var w = await JointOperationChannelAsync(store);
        await using var db = w.Store.Open();
        var red = await Assert.ThrowsAsync<ValidationFailed>(() => ChannelMessages.PostAsync(db, w.Nbp, Keys, w.Channel, new MessageInput("source name", Marking: "TLP:RED"), T, Ct));
        Assert.Equal(["A message marked TLP:RED cannot be posted in channel 'Kempen field channel', which is marked TLP:AMBER."], red.Errors["marking"]);

        // Past its end date the channel is read-only.
        var late = await Assert.ThrowsAsync<Conflict>(() => ChannelMessages.PostAsync(db, w.Nca, Keys, w.Channel, new MessageInput("still there?"), T.AddDays(7), Ct));
        Assert.Contains("is read-only", late.Message, StringComparison.Ordinal);

        // Closed early by its owner: the same, before the end date.
        var group = await Channels.CreateAsync(db, w.Nbp, Keys, new ChannelInput("group", null, "Night shift", "Handover between shifts", T.AddDays(30), null, null, ["NCA"]), T, Ct);
        await ChannelMessages.PostAsync(db, w.Nca, Keys, group.Id, new MessageInput("Quiet night."), T, Ct);
        await Assert.ThrowsAsync<Forbidden>(() => Channels.CloseAsync(db, w.Nca, group.Id, T.AddHours(1), Ct));
        Assert.True((await Channels.CloseAsync(db, w.Nbp, group.Id, T.AddHours(1), Ct)).Closed);
        await Assert.ThrowsAsync<Conflict>(() => ChannelMessages.PostAsync(db, w.Nca, Keys, group.Id, new MessageInput("one more"), T.AddHours(2), Ct));
        Assert.Single(await ChannelMessages.ListAsync(db, await w.PolicyAsync(db, w.Nca), Keys, group.Id, Ct)); // retained, readable
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_database_holds_no_plaintext_body_of_any_message_or_version(string store)
    {
        await using var w = await JointOperationChannelAsync(store);
        await using var db = w.Store.Open();
        var posted = await ChannelMessages.PostAsync(db, w.Nbp, Keys, w.Channel,
            new MessageInput("Plaintext-canary-first-version", Warning: new WarningInput(What, "A58", T, Vehicle, "medium")), T, Ct);
        await ChannelMessages.EditAsync(db, w.Nbp, Keys, w.Channel, posted.Id, new MessageEdit("Plaintext-canary-second-version", new WarningInput(What, "A58", T, Vehicle, "high")),
            T.AddMinutes(5), Ct);

        var secrets = new[] { "Plaintext-canary-first-version", "Plaintext-canary-second-version", What, Vehicle };
        var stored = (await db.ChannelMessages.AsNoTracking().Select(m => m.Body!).ToListAsync(Ct))
            .Concat(await db.ChannelMessageVersions.AsNoTracking().Select(v => v.Body).ToListAsync(Ct)).ToList();
        Assert.Equal(2, stored.Count);
        foreach (var secret in secrets)
        {
            var bytes = Encoding.UTF8.GetBytes(secret);
            Assert.DoesNotContain(stored, b => b.AsSpan().IndexOf(bytes) >= 0);
            Assert.False(await db.AuditEntries.AnyAsync(e => e.Details != null && e.Details.Contains(secret), Ct), $"the audit log quotes {secret}");
        }
        if (store == TestStore.Sqlite)
        {
            // The whole file, as a thief would read it.
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", Ct);
            var file = await File.ReadAllBytesAsync(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(w.Store.Settings.ConnectionString).DataSource, Ct);
            Assert.All(secrets, secret => Assert.True(file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"the database file holds {secret}"));
        }
        else
        {
            // Every row of the channel tables as PostgreSQL prints it (bytea in hex): neither the text nor its hex.
            var rows = await db.Database.SqlQueryRaw<string>(
                "SELECT t::text AS \"Value\" FROM channel_messages t UNION ALL SELECT v::text FROM channel_message_versions v UNION ALL SELECT c::text FROM channels c").ToListAsync(Ct);
            Assert.All(secrets, secret => Assert.DoesNotContain(rows, r => r.Contains(secret, StringComparison.Ordinal)
                || r.Contains(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(secret)), StringComparison.Ordinal)));
        }

        // Keys are the only way in: the right key opens both versions.
        var versions = await ChannelMessages.VersionsAsync(db, await w.PolicyAsync(db, w.Nca), Keys, w.Channel, posted.Id, Ct);
        Assert.Equal("Plaintext-canary-first-version", Assert.Single(versions).Text);
        Assert.Equal("Plaintext-canary-second-version", Assert.Single(await ChannelMessages.ListAsync(db, await w.PolicyAsync(db, w.Nca), Keys, w.Channel, Ct)).Text);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_photo_with_a_warning_is_sealed_in_the_store_checked_against_its_hash_and_given_only_to_readers_who_may_have_it(string store)
    {
        await using var w = await JointOperationChannelAsync(store);
        await using var db = w.Store.Open();
        byte[] photo = [0xFF, 0xD8, 0xFF, 0xE0, .. "Photo-canary-of-the-trailer"u8.ToArray()];
        var note = "Plate seen at the fuel stop"u8.ToArray();
        const string Name = "trailer-at-hazeldonk.jpg";

        // Refused whole, each fault named by its place: a renamed executable, and a file that arrived other than it was sent.
        var refused = await Assert.ThrowsAsync<ValidationFailed>(() => ChannelMessages.PostAsync(db, w.Nbp, Keys, w.Channel, new MessageInput("Photos", Attachments:
        [
            new NewAttachment { FileName = "photo.jpg", ContentType = "image/jpeg", Content = [0x4D, 0x5A, 0x90] },
            new NewAttachment { FileName = "note.txt", ContentType = "text/plain", Content = note, Sha256 = Hashes.Sha256Hex("something else"u8.ToArray()) },
        ]), T, Ct));
        Assert.Equal(["attachments[0].content", "attachments[1].sha256"], refused.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, await db.ChannelMessages.CountAsync(Ct));
        Assert.Equal(0, await db.ChannelAttachments.CountAsync(Ct));

        // Personal data caveat: a partner abroad without an agreement covering personal data is not given the photo.
        var posted = await ChannelMessages.PostAsync(db, w.Nbp, Keys, w.Channel, new MessageInput(null, Caveats: ["personal-data"],
            Warning: new WarningInput(What, "A58", T, Vehicle, "high"), Attachments:
            [
                new NewAttachment { FileName = Name, ContentType = "image/jpeg", Content = photo },
                new NewAttachment { FileName = "note.txt", ContentType = "text/plain; charset=utf-8", Content = note, Sha256 = Hashes.Sha256Hex(note).ToUpperInvariant() },
            ]), T, Ct);
        Assert.Equal([(Name, "image/jpeg", (long)photo.Length, Hashes.Sha256Hex(photo)), ("note.txt", "text/plain", (long)note.Length, Hashes.Sha256Hex(note))],
            posted.Attachments.Select(a => (a.FileName, a.ContentType, a.Size, a.Sha256)));

        // Customs, in the border police's country, downloads exactly what was sent; the read is in the log.
        var ncaSees = Assert.Single(await ChannelMessages.ListAsync(db, await w.PolicyAsync(db, w.Nca), Keys, w.Channel, Ct));
        var offered = ncaSees.Attachments[0];
        Assert.Equal($"/api/channels/{w.Channel}/messages/{posted.Id}/attachments/{offered.Id}", offered.Href);
        var (file, content) = await ChannelMessages.AttachmentAsync(db, await w.PolicyAsync(db, w.Nca), Keys, w.Channel, posted.Id, offered.Id, Ct);
        Assert.Equal(Name, file.FileName);
        Assert.Equal(photo, content);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "records.attachment" && e.ActorAgencyId == w.Nca.AgencyId && e.RecordAgencyId == w.Nbp.AgencyId, Ct));

        // The partner abroad sees that two files are there, their type, size and hash, neither their names nor the way to them.
        var pcaSees = Assert.Single(await ChannelMessages.ListAsync(db, await w.PolicyAsync(db, w.Pca), Keys, w.Channel, Ct));
        Assert.All(pcaSees.Attachments, a => Assert.Equal((null, null), (a.FileName, a.Href)));
        Assert.Equal(posted.Attachments.Select(a => a.Sha256), pcaSees.Attachments.Select(a => a.Sha256));
        await Assert.ThrowsAsync<NotFound>(async () => await ChannelMessages.AttachmentAsync(db, await w.PolicyAsync(db, w.Pca), Keys, w.Channel, posted.Id, offered.Id, Ct));
        await Assert.ThrowsAsync<NotFound>(async () => await ChannelMessages.AttachmentAsync(db, await w.PolicyAsync(db, w.Nis), Keys, w.Channel, posted.Id, offered.Id, Ct));

        // In the store: neither the photo nor its name in clear.
        var sealedFiles = await db.ChannelAttachments.AsNoTracking().Select(a => a.Content).ToListAsync(Ct);
        Assert.Equal(2, sealedFiles.Count);
        Assert.DoesNotContain(sealedFiles, b => b.AsSpan().IndexOf("Photo-canary"u8) >= 0 || b.AsSpan().IndexOf(note) >= 0);
        Assert.DoesNotContain(await db.ChannelMessages.AsNoTracking().Select(m => m.Body!).ToListAsync(Ct), b => b.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Name)) >= 0);

        // An edit keeps the files; a deletion takes them with the body.
        var edited = await ChannelMessages.EditAsync(db, w.Nbp, Keys, w.Channel, posted.Id, new MessageEdit(null, new WarningInput(What, "A58 exit 12", T, Vehicle, "high")),
            T.AddMinutes(5), Ct);
        Assert.Equal(posted.Attachments.Select(a => a.Id), edited.Attachments.Select(a => a.Id));
        Assert.Equal(photo, (await ChannelMessages.AttachmentAsync(db, await w.PolicyAsync(db, w.Nca), Keys, w.Channel, posted.Id, offered.Id, Ct)).Content);
        await ChannelMessages.DeleteAsync(db, w.Nbp, w.Channel, posted.Id, T.AddMinutes(6), Ct);
        Assert.Equal(0, await db.ChannelAttachments.CountAsync(Ct));
        await Assert.ThrowsAsync<NotFound>(async () => await ChannelMessages.AttachmentAsync(db, await w.PolicyAsync(db, w.Nca), Keys, w.Channel, posted.Id, offered.Id, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Search_finds_words_in_the_channels_the_reader_may_read_as_they_may_read_them_and_never_matches_a_withheld_value(string store)
    {
        await using var w = await JointOperationChannelAsync(store);
        await using var db = w.Store.Open();
        var warning = await ChannelMessages.PostAsync(db, w.Nbp, Keys, w.Channel,
            new MessageInput("Driver said he came from Zürich.", Warning: new WarningInput(What, "A58 towards Baarle", T, Vehicle, "high")), T, Ct);
        await ChannelMessages.PostAsync(db, w.Nbp, Keys, w.Channel, new MessageInput("Shift change at the crossing."), T.AddMinutes(1), Ct);
        var other = await Channels.CreateAsync(db, w.Nbp, Keys, new ChannelInput("group", null, "Night shift", "Handover", T.AddDays(30), null, null, ["NCA"]), T, Ct);
        var second = await ChannelMessages.PostAsync(db, w.Nbp, Keys, other.Id, new MessageInput("Refrigerated trailer parked at the depot"), T.AddMinutes(2), Ct);
        var deleted = await ChannelMessages.PostAsync(db, w.Nbp, Keys, other.Id, new MessageInput("refrigerated (typo)"), T.AddMinutes(3), Ct);
        await ChannelMessages.DeleteAsync(db, w.Nbp, other.Id, deleted.Id, T.AddMinutes(4), Ct);

        // Customs: every word, any case, accents ignored, across its channels, newest first; a deleted message is not found.
        var customs = await w.PolicyAsync(db, w.Nca);
        Assert.Equal([second.Id, warning.Id], (await ChannelMessages.SearchAsync(db, customs, Keys, "REFRIGERATED trailer", ct: Ct)).Select(m => m.Id));
        Assert.Equal([warning.Id], (await ChannelMessages.SearchAsync(db, customs, Keys, "zurich", ct: Ct)).Select(m => m.Id));
        Assert.Equal([warning.Id], (await ChannelMessages.SearchAsync(db, customs, Keys, Vehicle, ct: Ct)).Select(m => m.Id));
        Assert.Equal([warning.Id], (await ChannelMessages.SearchAsync(db, customs, Keys, "trailer", w.Channel, ct: Ct)).Select(m => m.Id));

        // The partner abroad: the Warning's what is found, the withheld vehicle is not, and the other channel is not its own.
        var partner = await w.PolicyAsync(db, w.Pca);
        Assert.Equal([warning.Id], (await ChannelMessages.SearchAsync(db, partner, Keys, "refrigerated", ct: Ct)).Select(m => m.Id));
        Assert.Empty(await ChannelMessages.SearchAsync(db, partner, Keys, Vehicle, ct: Ct));
        Assert.Empty(await ChannelMessages.SearchAsync(db, partner, Keys, "depot", ct: Ct));
        await Assert.ThrowsAsync<NotFound>(() => ChannelMessages.SearchAsync(db, partner, Keys, "depot", other.Id, ct: Ct));
        Assert.Empty(await ChannelMessages.SearchAsync(db, await w.PolicyAsync(db, w.Nis), Keys, "refrigerated", ct: Ct));
        Assert.Contains("q", (await Assert.ThrowsAsync<ValidationFailed>(() => ChannelMessages.SearchAsync(db, customs, Keys, " x ", ct: Ct))).Errors.Keys);

        // Only what was shown is recorded as read: the partner's search that found the Warning, not the ones that found nothing.
        var searches = await db.AuditEntries.Where(e => e.Action == "records.search").ToListAsync(Ct);
        Assert.Equal(1, searches.Count(e => e.ActorAgencyId == w.Pca.AgencyId));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_warning_and_a_mention_reach_the_users_alert_subscriptions_and_a_personal_subscription_hears_only_its_own_mentions(string store)
    {
        await using var w = await JointOperationChannelAsync(store);
        await using var db = w.Store.Open();
        // Alerts, like every record, cross to another agency under an agreement covering them.
        var alertsForCustoms = Agreement(w.Nbp.AgencyId!.Value, w.Nca.AgencyId!.Value);
        alertsForCustoms.RecordTypes = [RecordTypes.Alert];
        db.SharingAgreements.Add(alertsForCustoms);
        await db.SaveChangesAsync(Ct);
        var analyst = await w.Store.ActorAsync("analyst");
        async Task<Guid> Subscribe(Actor who, string kind, bool agencyWide)
            => (await Cordon.Alerting.AlertSubscriptions.CreateAsync(db, who, new Cordon.Alerting.SubscriptionInput($"{who.Name} {kind}", [kind], null, null, "TLP:AMBER",
                "investigation", "ui", null, agencyWide), Ct)).Id;
        var officerMentions = await Subscribe(w.Nca, MessageAlertKinds.Mention, false);
        var analystMentions = await Subscribe(analyst, MessageAlertKinds.Mention, false);
        var customsWarnings = await Subscribe(await w.Store.ActorAsync("admin"), MessageAlertKinds.Warning, true);

        var posted = await ChannelMessages.PostAsync(db, w.Nbp, Keys, w.Channel, new MessageInput("@officer can you take the A58? (cc ops@example.org, @nobody)",
            Warning: new WarningInput(What, "A58", T, Vehicle, "high")), T, Ct);
        Assert.Equal(["officer"], posted.Mentions);
        while (await Cordon.Alerting.AlertFanOut.DispatchAsync(db, TestClock.Now, ct: Ct) > 0)
        {
        }

        var alerts = await db.Alerts.AsNoTracking().Where(a => a.RecordId == posted.Id.ToString()).ToListAsync(Ct);
        Assert.Equal([MessageAlertKinds.Mention, MessageAlertKinds.Warning], alerts.Select(a => a.Kind).Order(StringComparer.Ordinal));
        // The alerts quote the channel, never the sealed words, and keep the message's marking and caveats.
        Assert.All(alerts, a => Assert.DoesNotContain(What, a.Title + a.Summary + a.Data, StringComparison.Ordinal));
        Assert.All(alerts, a => Assert.Equal("cordon", a.RaisedBy)); // not the author: who wrote it is personal and sealed
        Assert.All(alerts, a => Assert.Equal((Tlp.Amber, posted.Caveats.Length), (a.Marking, CaveatText.Names(a.Caveats).Length)));
        var delivered = await db.AlertDeliveries.AsNoTracking().Where(d => alerts.Select(a => a.Id).Contains(d.AlertId)).Select(d => d.SubscriptionId).ToListAsync(Ct);
        Assert.Contains(officerMentions, delivered);
        Assert.Contains(customsWarnings, delivered);
        Assert.DoesNotContain(analystMentions, delivered); // the analyst was not mentioned
        Assert.Equal(1, (await Cordon.Alerting.AlertSubscriptions.InboxAsync(db, w.Nca, ct: Ct)).Items.Count(i => i.Alert.GetProperty("kind").GetString() == MessageAlertKinds.Mention));

        // The partner abroad reads the message under its agreement, which does not cover alerts: no alert reaches it.
        var ids = alerts.Select(a => a.Id).ToList();
        Assert.DoesNotContain(await db.AlertDeliveries.AsNoTracking().Where(d => ids.Contains(d.AlertId)).ToListAsync(Ct), d => d.AgencyId == w.Pca.AgencyId);
        // Immigration is no member: the alerts are not addressed to it.
        Assert.DoesNotContain(alerts, a => Cordon.Alerting.AlertAudience.Of(a).Contains(w.Nis.AgencyId!.Value));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Deleting_leaves_a_tombstone_receipts_clear_the_unread_count_and_membership_changes_are_kept(string store)
    {
        await using var w = await JointOperationChannelAsync(store);
        await using var db = w.Store.Open();
        var first = await ChannelMessages.PostAsync(db, w.Nbp, Keys, w.Channel, new MessageInput("Checkpoint moved to exit 12."), T, Ct);
        var second = await ChannelMessages.PostAsync(db, w.Nbp, Keys, w.Channel, new MessageInput("Wrong exit, ignore."), T.AddMinutes(1), Ct);
        await ChannelMessages.EditAsync(db, w.Nbp, Keys, w.Channel, second.Id, new MessageEdit("Wrong exit, ignore the last message."), T.AddMinutes(2), Ct);
        await Assert.ThrowsAsync<Forbidden>(() => ChannelMessages.DeleteAsync(db, w.Nca, w.Channel, second.Id, T.AddMinutes(3), Ct));
        await ChannelMessages.DeleteAsync(db, w.Nbp, w.Channel, second.Id, T.AddMinutes(3), Ct);

        var seen = await ChannelMessages.ListAsync(db, await w.PolicyAsync(db, w.Nca), Keys, w.Channel, Ct);
        Assert.Equal([first.Id, second.Id], seen.Select(m => m.Id));
        Assert.True(seen[1] is { Deleted: true, Text: null });
        Assert.Empty(await db.ChannelMessageVersions.Where(v => v.MessageId == second.Id).ToListAsync(Ct));

        Assert.Equal(1, (await Channels.GetAsync(db, w.Nca, w.Channel, T, Ct)).Unread);
        Assert.Equal(1, await ChannelMessages.MarkReadAsync(db, await w.PolicyAsync(db, w.Nca), w.Channel, T.AddMinutes(4), Ct));
        Assert.Equal(0, (await Channels.GetAsync(db, w.Nca, w.Channel, T, Ct)).Unread);
        Assert.Equal(1, (await ChannelMessages.ListAsync(db, await w.PolicyAsync(db, w.Nbp), Keys, w.Channel, Ct))[0].ReadBy);

        // Only the owner adds members; PCA leaves; NBP removes NCA: the rows stay, ended.
        await Assert.ThrowsAsync<Forbidden>(() => Channels.AddMemberAsync(db, w.Pca, w.Channel, new MemberInput("NIS", null), T, Ct));
        await Channels.LeaveAsync(db, w.Pca, w.Channel, T.AddMinutes(5), Ct);
        var after = await Channels.RemoveMemberAsync(db, w.Nbp, w.Channel, new MemberInput("NCA", null), T.AddMinutes(6), Ct);
        Assert.Equal([("NBP", (string?)null), ("NCA", "removed"), ("PCA", "left")], after.Members.Select(m => (m.Agency, m.EndReason)));
        await Assert.ThrowsAsync<NotFound>(async () => await ChannelMessages.ListAsync(db, await w.PolicyAsync(db, w.Nca), Keys, w.Channel, Ct));
        var actions = await db.AuditEntries.Where(e => e.RecordId == w.Channel.ToString()).OrderBy(e => e.LeafIndex).Select(e => e.Action).ToListAsync(Ct);
        Assert.Equal(["channel.member.join", "channel.member.add", "channel.member.add", "channel.member.leave", "channel.member.remove"],
            actions.Where(a => a.StartsWith("channel.member.", StringComparison.Ordinal)));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_partner_abroad_without_an_agreement_covering_messages_cannot_be_added(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        await using var db = s.Open();
        var nca = await s.ActorAsync("officer");
        var refused = await Assert.ThrowsAsync<ValidationFailed>(() => Channels.CreateAsync(db, nca, Keys,
            new ChannelInput("group", null, "Tip-offs", "Port tip-offs", T.AddDays(3), null, null, ["NBP", "PCA"]), T, Ct));
        Assert.Equal(["PCA is abroad: it can join NCA's channel only under an agreement in force from NCA to PCA that covers message records."], refused.Errors["agency"]);
        Assert.False(await db.Channels.AnyAsync(Ct));
    }
}
