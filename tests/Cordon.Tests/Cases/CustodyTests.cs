using Cordon.Cases;
using Cordon.Common;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Cordon.Tests.Cases.CaseWorld;

namespace Cordon.Tests.Cases;

public sealed class CustodyTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];

    private static async Task<(Guid Seizure, string Reference)> SeizureWithChainAsync(TestStore s)
    {
        var (officer, _) = await OfficersAsync(s);
        await using var db = s.Open();
        var seizure = await Seizures.CreateAsync(db, officer, Seizure(), Ct);
        await Seizures.AttachAsync(db, officer, seizure.Id, "container.png", "image/png", Png, Ct);
        var supervisor = await s.ActorAsync("supervisor");
        await Custody.HandoverAsync(db, officer, seizure.Id, new HandoverRequest("supervisor", "NCA evidence store", "storage", "intact", ["SEAL-1", "SEAL-2"], null), Ct);
        await Custody.AnswerAsync(db, supervisor, seizure.Id, new AnswerRequest(true, null, ["SEAL-1", "SEAL-2"], "intact"), Ct);
        await Custody.SampleAsync(db, supervisor, seizure.Id, new SampleRequest([new CustodySample("S1", "one brick", "1.1 kg")], ["SEAL-3"], "for the lab"), Ct);
        await Custody.HandoverAsync(db, supervisor, seizure.Id, new HandoverRequest("officer", "Amsterdam", "laboratory", null, ["SEAL-3"], null), Ct);
        await Custody.AnswerAsync(db, officer, seizure.Id, new AnswerRequest(true, null, ["SEAL-3"], null), Ct);
        await Custody.LabResultAsync(db, officer, seizure.Id, new LabResultRequest("S1", "cocaine hydrochloride 87 %"), Ct);
        return (seizure.Id, seizure.Reference);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Intact_chain_verifies_and_a_changed_event_is_detected(string store)
    {
        await using var s = await StoreAsync(store, declarations: 0);
        var (id, reference) = await SeizureWithChainAsync(s);
        await using var db = s.Open();
        var report = await Custody.VerifyAsync(db, id, Ct);
        Assert.True(report.Intact, string.Join("; ", report.Problems.Select(p => p.Message)));
        Assert.Equal(8, report.Events);
        Assert.Equal(1, report.Attachments);
        var events = await db.CustodyEvents.AsNoTracking().Where(e => e.SeizureId == id).OrderBy(e => e.Sequence).ToListAsync(Ct);
        Assert.Equal(Custody.Genesis, events[0].PreviousHash);
        Assert.All(events.Skip(1), (e, i) => Assert.Equal(events[i].Hash, e.PreviousHash));

        // Someone rewrites who received the goods at the laboratory.
        var lab = events.Single(e => e.Sequence == 6);
        var forged = lab.Content.Replace("\"to\":\"officer\"", "\"to\":\"private.lab\"", StringComparison.Ordinal);
        Assert.NotEqual(lab.Content, forged);
        await db.CustodyEvents.Where(e => e.Id == lab.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.Content, forged), Ct);
        var broken = await Custody.VerifyAsync(db, id, Ct);
        Assert.False(broken.Intact);
        Assert.Equal([6], broken.Problems.Select(p => p.Sequence));

        // Recomputing that hash does not help: the next link no longer matches.
        await db.CustodyEvents.Where(e => e.Id == lab.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.Hash, Custody.HashOf(lab.PreviousHash, forged)), Ct);
        var relinked = await Custody.VerifyAsync(db, id, Ct);
        Assert.Equal([7], relinked.Problems.Select(p => p.Sequence));

        // Removing an event is detected too.
        await db.CustodyEvents.Where(e => e.SeizureId == id && e.Sequence == 3).ExecuteDeleteAsync(Ct);
        var gap = await Custody.VerifyAsync(db, id, Ct);
        Assert.Contains(gap.Problems, p => p.Message.Contains("missing", StringComparison.Ordinal));
        Assert.Equal(reference, gap.Seizure);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Changed_attachment_bytes_are_detected(string store)
    {
        await using var s = await StoreAsync(store, declarations: 0);
        var (id, _) = await SeizureWithChainAsync(s);
        await using var db = s.Open();
        var attachment = await db.SeizureAttachments.SingleAsync(a => a.SeizureId == id, Ct);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Png)), attachment.Sha256);
        var swapped = Png.ToArray();
        swapped[^1] = 99;
        await db.EvidenceBlobs.Where(b => b.Sha256 == attachment.Sha256).ExecuteUpdateAsync(u => u.SetProperty(b => b.Content, swapped), Ct);
        var report = await Custody.VerifyAsync(db, id, Ct);
        Assert.False(report.Intact);
        Assert.Contains("container.png", Assert.Single(report.Problems).Message, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Attachments_are_checked_for_type_and_size_and_stored_once_by_hash(string store)
    {
        await using var s = await StoreAsync(store, declarations: 0);
        var (officer, _) = await OfficersAsync(s);
        await using var db = s.Open();
        var seizure = await Seizures.CreateAsync(db, officer, Seizure(), Ct);
        var renamed = await Assert.ThrowsAsync<ValidationFailed>(() => Seizures.AttachAsync(db, officer, seizure.Id, "photo.jpg", "image/jpeg", Png, Ct));
        Assert.Contains("content", renamed.Errors.Keys);
        var exe = await Assert.ThrowsAsync<ValidationFailed>(() => Seizures.AttachAsync(db, officer, seizure.Id, "x.exe", "application/x-msdownload", [0x4D, 0x5A], Ct));
        Assert.Contains("contentType", exe.Errors.Keys);
        var big = new byte[AttachedFiles.MaxBytes + 1];
        "%PDF-"u8.CopyTo(big);
        var tooBig = await Assert.ThrowsAsync<ValidationFailed>(() => Seizures.AttachAsync(db, officer, seizure.Id, "huge.pdf", "application/pdf", big, Ct));
        Assert.Contains("content", tooBig.Errors.Keys);

        var first = await Seizures.AttachAsync(db, officer, seizure.Id, "scan.png", "image/png", Png, Ct);
        var again = await Seizures.AttachAsync(db, officer, seizure.Id, "scan.png", "image/png", Png, Ct);
        Assert.Equal(first.Sha256, again.Sha256);
        var other = await Seizures.CreateAsync(db, officer, Seizure(), Ct);
        await Seizures.AttachAsync(db, officer, other.Id, "same-photo.png", "image/png", Png, Ct);
        Assert.Equal(1, await db.EvidenceBlobs.CountAsync(Ct));
        Assert.Equal(2, await db.SeizureAttachments.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Receiver_refuses_with_a_reason_and_seal_discrepancies_are_recorded(string store)
    {
        await using var s = await StoreAsync(store, declarations: 0);
        var (officer, supervisor) = await OfficersAsync(s);
        await using var db = s.Open();
        var seizure = await Seizures.CreateAsync(db, officer, Seizure(), Ct);
        var handover = await Custody.HandoverAsync(db, officer, seizure.Id, new HandoverRequest("supervisor", "NCA evidence store", "storage", "one bag torn", ["SEAL-1", "SEAL-9"], null), Ct);
        Assert.Equal("seal(s) not found: SEAL-2; seal(s) not on record: SEAL-9", handover.SealDiscrepancy);
        Assert.Equal("officer", handover.From);
        await Assert.ThrowsAsync<Conflict>(() => Custody.HandoverAsync(db, officer, seizure.Id, new HandoverRequest("someone", "x", "storage", null, [], null), Ct));
        // Only the receiver answers: not another agency, and not the officer who handed over.
        var bp = await s.ActorAsync("bp.officer");
        await Assert.ThrowsAsync<Forbidden>(() => Custody.AnswerAsync(db, bp, seizure.Id, new AnswerRequest(false, "no", null, null), Ct));
        await Assert.ThrowsAsync<Forbidden>(() => Custody.AnswerAsync(db, officer, seizure.Id, new AnswerRequest(true, null, null, null), Ct));
        var noReason = await Assert.ThrowsAsync<ValidationFailed>(() => Custody.AnswerAsync(db, supervisor, seizure.Id, new AnswerRequest(false, null, null, null), Ct));
        Assert.Contains("reason", noReason.Errors.Keys);
        var refused = await Custody.AnswerAsync(db, supervisor, seizure.Id, new AnswerRequest(false, "Seal SEAL-2 missing, bag torn", ["SEAL-1"], "torn"), Ct);
        Assert.Equal("refused", refused.Kind);
        Assert.Equal(2, refused.Answers);
        var view = (await Seizures.ReadViewAsync(db, await Cordon.Sharing.AccessPolicy.ForAsync(db, officer, Cordon.Sharing.Purpose.Investigation, ct: Ct), seizure.Id, Ct)).View;
        Assert.Equal("officer", view.Custodian); // custody stays with the one who handed over
        Assert.True((await Custody.VerifyAsync(db, seizure.Id, Ct)).Intact);
    }
}
