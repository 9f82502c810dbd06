using Cordon.Identity;
using Cordon.Sharing;

namespace Cordon.Tests.Sharing;

public sealed class AccessPolicyTests
{
    private static readonly Guid Customs = Guid.NewGuid();
    private static readonly Guid Border = Guid.NewGuid();
    private static readonly Guid Partner = Guid.NewGuid();
    private static readonly Dictionary<Guid, string> Codes = new() { [Customs] = "NCA", [Border] = "NBP", [Partner] = "PCA" };
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static Actor Officer(Guid agency, Roles roles = Roles.Officer) => new(Guid.NewGuid(), agency, roles, "someone", ActorKind.User);

    public enum AgreementState { Absent, InForce, Expired, NotYetValid, Revoked, Unapproved }

    private static List<SharingAgreement> Agreements(AgreementState state, Tlp max = Tlp.Amber, params RedactionRule[] redactions)
    {
        if (state == AgreementState.Absent)
        {
            return [];
        }
        var a = new SharingAgreement
        {
            Title = "Seizure exchange",
            ProviderAgencyId = Customs,
            RecipientAgencyId = Border,
            RecordTypes = [RecordTypes.Seizure, RecordTypes.Declaration],
            MaxMarking = max,
            Purposes = [Purpose.Investigation, Purpose.Statistics],
            Redactions = redactions.ToList(),
            ValidFrom = Now.AddDays(-30),
            ValidUntil = Now.AddDays(30),
            Status = AgreementStatus.Active,
            ProviderApprovedAt = Now.AddDays(-30),
            RecipientApprovedAt = Now.AddDays(-29),
        };
        switch (state)
        {
            case AgreementState.Expired:
                a.ValidUntil = Now.AddDays(-1);
                break;
            case AgreementState.NotYetValid:
                a.ValidFrom = Now.AddDays(1);
                break;
            case AgreementState.Revoked:
                a.Status = AgreementStatus.Revoked;
                a.RevokedAt = Now.AddHours(-1);
                break;
            case AgreementState.Unapproved:
                a.Status = AgreementStatus.PendingApproval;
                a.RecipientApprovedAt = null;
                break;
        }
        return [a];
    }

    public static TheoryData<string, Tlp, AgreementState, Purpose> Matrix()
    {
        var data = new TheoryData<string, Tlp, AgreementState, Purpose>();
        foreach (var type in new[] { RecordTypes.Seizure, RecordTypes.Declaration, RecordTypes.Case })
        {
            foreach (var marking in Enum.GetValues<Tlp>())
            {
                foreach (var state in Enum.GetValues<AgreementState>())
                {
                    foreach (var purpose in Enum.GetValues<Purpose>())
                    {
                        data.Add(type, marking, state, purpose);
                    }
                }
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(Matrix))]
    public void Another_agencys_record_is_readable_only_under_an_agreement_in_force_that_covers_type_marking_and_purpose(
        string type, Tlp marking, AgreementState state, Purpose purpose)
    {
        var policy = AccessPolicy.Of(Officer(Border), purpose, Now, Agreements(state), Codes);
        var record = new RecordRef(type, Customs, marking);
        var decision = policy.Decide(record);

        var expected = state == AgreementState.InForce && type != RecordTypes.Case && marking <= Tlp.Amber
                       && purpose is Purpose.Investigation or Purpose.Statistics;
        Assert.Equal(expected, decision.Allowed);
        if (!expected)
        {
            // A denial names what is missing.
            Assert.Contains(state == AgreementState.Absent ? "No sharing agreement" : "Seizure exchange", decision.Reason, StringComparison.Ordinal);
        }

        // The list filter agrees with the single decision.
        var rows = new[] { new Row(Customs, marking), new Row(Border, Tlp.Red), new Row(Partner, Tlp.Clear) }.AsQueryable();
        var listed = policy.Filter(rows, type).ToList();
        Assert.Equal(expected, listed.Any(r => r.OwningAgencyId == Customs));
        Assert.Contains(listed, r => r.OwningAgencyId == Border);
        Assert.DoesNotContain(listed, r => r.OwningAgencyId == Partner);
    }

    private sealed record Row(Guid OwningAgencyId, Tlp Marking) : IOwnedRecord;

    private sealed record CaveatedRow(Guid OwningAgencyId, Tlp Marking, Caveats Caveats) : ICaveatedRecord;

    public static TheoryData<AgencyKind, Caveats, bool, Purpose> CaveatMatrix()
    {
        var data = new TheoryData<AgencyKind, Caveats, bool, Purpose>();
        foreach (var kind in new[] { AgencyKind.BorderPolice, AgencyKind.PartnerCustomsAbroad, AgencyKind.StatisticsOffice, AgencyKind.TradeMinistry })
        {
            for (var bits = 0; bits < 8; bits++)
            {
                foreach (var onward in new[] { false, true })
                {
                    data.Add(kind, (Caveats)bits, onward, Purpose.Investigation);
                    data.Add(kind, (Caveats)bits, onward, Purpose.Statistics);
                }
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(CaveatMatrix))]
    public void Caveats_decide_alike_in_the_single_decision_and_the_list_filter(AgencyKind readerKind, Caveats caveats, bool onward, Purpose purpose)
    {
        var facts = new Dictionary<Guid, AccessPolicy.AgencyFacts>
        {
            [Customs] = new("NCA", AgencyKind.Customs, "NL"),
            [Border] = new("RDR", readerKind, readerKind == AgencyKind.PartnerCustomsAbroad ? "BE" : "NL"),
            [Partner] = new("PCA", AgencyKind.PartnerCustomsAbroad, "BE"),
        };
        // The agreement allows onward sharing, so only the record's caveats decide (the agreement's own term is CaveatTests').
        var agreements = Agreements(AgreementState.InForce);
        agreements.ForEach(a => a.OnwardSharing = true);
        var policy = AccessPolicy.Of(Officer(Border), purpose, Now, agreements, facts);
        var decision = policy.Decide(new RecordRef(RecordTypes.Seizure, Customs, Tlp.Green, caveats), onward);

        var lawEnforcement = readerKind is not (AgencyKind.StatisticsOffice or AgencyKind.TradeMinistry);
        var expected = (lawEnforcement || !caveats.HasFlag(Caveats.LawEnforcementOnly)) && !(onward && caveats.HasFlag(Caveats.NoOnwardSharing));
        Assert.Equal(expected, decision.Allowed);
        if (!expected)
        {
            Assert.Contains(!lawEnforcement && caveats.HasFlag(Caveats.LawEnforcementOnly) ? "law-enforcement-only" : "no-onward-sharing", decision.Reason, StringComparison.Ordinal);
        }
        else
        {
            // Personal fields go for statistics, and abroad (the agreement does not cover personal data).
            var personalRemoved = caveats.HasFlag(Caveats.PersonalData) && (purpose == Purpose.Statistics || readerKind == AgencyKind.PartnerCustomsAbroad);
            Assert.Equal(personalRemoved, decision.RedactedFields.Contains("owner"));
        }

        var rows = new[] { new CaveatedRow(Customs, Tlp.Green, caveats), new CaveatedRow(Border, Tlp.Red, Caveats.LawEnforcementOnly | Caveats.NoOnwardSharing) }.AsQueryable();
        var listed = policy.Filter(rows, RecordTypes.Seizure, onward).ToList();
        Assert.Equal(expected, listed.Any(r => r.OwningAgencyId == Customs));
        Assert.Contains(listed, r => r.OwningAgencyId == Border); // never bound by its own caveats
    }

    [Theory]
    [InlineData(AgreementState.Absent, "No sharing agreement lets NBP read NCA's records.")]
    [InlineData(AgreementState.Expired, "expired on")]
    [InlineData(AgreementState.NotYetValid, "takes effect on")]
    [InlineData(AgreementState.Revoked, "was revoked on")]
    [InlineData(AgreementState.Unapproved, "awaits approval by NBP")]
    public void A_denial_names_the_missing_agreement_or_failing_condition(AgreementState state, string reason)
    {
        var policy = AccessPolicy.Of(Officer(Border), Purpose.Investigation, Now, Agreements(state), Codes);
        var decision = policy.Decide(new RecordRef(RecordTypes.Seizure, Customs, Tlp.Green));
        Assert.Equal(AccessKind.Deny, decision.Kind);
        Assert.Contains(reason, decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_marking_above_the_agreement_and_an_uncovered_purpose_are_named()
    {
        var investigation = AccessPolicy.Of(Officer(Border), Purpose.Investigation, Now, Agreements(AgreementState.InForce), Codes);
        Assert.Contains("covers records up to TLP:AMBER; this record is TLP:RED",
            investigation.Decide(new RecordRef(RecordTypes.Seizure, Customs, Tlp.Red)).Reason, StringComparison.Ordinal);
        var prosecution = AccessPolicy.Of(Officer(Border), Purpose.Prosecution, Now, Agreements(AgreementState.InForce), Codes);
        Assert.Contains("does not permit the purpose 'prosecution'",
            prosecution.Decide(new RecordRef(RecordTypes.Seizure, Customs, Tlp.Green)).Reason, StringComparison.Ordinal);
        Assert.Contains("does not cover case records",
            investigation.Decide(new RecordRef(RecordTypes.Case, Customs, Tlp.Green)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Personal_data_is_redacted_for_statistics_but_not_for_investigation()
    {
        var agreements = Agreements(AgreementState.InForce, Tlp.Amber, new RedactionRule([RedactionRule.PersonalData], Purposes: [Purpose.Statistics]));
        var record = new RecordRef(RecordTypes.Seizure, Customs, Tlp.Green);

        var statistics = AccessPolicy.Of(Officer(Border), Purpose.Statistics, Now, agreements, Codes).Decide(record);
        Assert.Equal(AccessKind.Redact, statistics.Kind);
        Assert.Contains("owner", statistics.RedactedFields);
        Assert.Contains("witnesses", statistics.RedactedFields);

        var investigation = AccessPolicy.Of(Officer(Border), Purpose.Investigation, Now, agreements, Codes).Decide(record);
        Assert.Equal(AccessKind.Allow, investigation.Kind);
    }

    [Fact]
    public void Redaction_removes_the_named_fields_from_the_view_and_says_so()
    {
        var view = new { id = 7, commodity = "cocaine", owner = "Jan Jansen", items = new[] { new { description = "bricks", holder = "J. Jansen" } } };
        var redacted = Redaction.Apply(view, new HashSet<string> { "owner", "items.holder" });
        var json = redacted.ToJsonString();
        Assert.DoesNotContain("Jansen", json, StringComparison.Ordinal);
        Assert.Contains("cocaine", json, StringComparison.Ordinal);
        Assert.Contains("\"_redacted\":[\"items.holder\",\"owner\"]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_own_agency_reads_its_records_at_any_marking_and_another_agency_without_agreement_reads_nothing()
    {
        var own = AccessPolicy.Of(Officer(Customs), Purpose.RiskAnalysis, Now, [], Codes);
        Assert.True(own.Decide(new RecordRef(RecordTypes.Case, Customs, Tlp.Red)).Allowed);
        var partner = AccessPolicy.Of(Officer(Partner), Purpose.Investigation, Now, Agreements(AgreementState.InForce), Codes);
        Assert.False(partner.Decide(new RecordRef(RecordTypes.Seizure, Customs, Tlp.Clear)).Allowed);
    }

    [Fact]
    public void Break_glass_needs_a_supervisor_and_a_justification_and_is_flagged()
    {
        var record = new RecordRef(RecordTypes.Seizure, Customs, Tlp.Red);
        var officer = AccessPolicy.Of(Officer(Border), Purpose.Investigation, Now, [], Codes);
        Assert.Contains("supervisor role", officer.BreakGlass(record, "Imminent threat to life at the border crossing").Reason, StringComparison.Ordinal);

        var supervisor = AccessPolicy.Of(Officer(Border, Roles.Supervisor), Purpose.Investigation, Now, [], Codes);
        Assert.False(supervisor.BreakGlass(record, "urgent").Allowed);
        var granted = supervisor.BreakGlass(record, "Imminent threat to life at the border crossing");
        Assert.True(granted.Allowed);
        Assert.True(granted.BreakGlass);
        Assert.Contains("BREAK-GLASS", granted.Reason, StringComparison.Ordinal);
    }
}
