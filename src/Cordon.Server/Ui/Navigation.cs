using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Server.Ui;

/// <summary>The sections that exist, and which roles see each. Only real pages are listed.</summary>
public static class Navigation
{
    /// <param name="CustomsRecords">
    /// For customs work (declarations, risk, targeting): the record type an agency of another kind must
    /// receive under an agreement in force to see the section; <see cref="CustomsOnly"/> when none can.
    /// Null for sections every kind of agency works in.
    /// </param>
    public sealed record Section(string Title, string Href, string Group, Roles VisibleTo, string? CustomsRecords = null);

    /// <summary>Customs' own tools (its rules, models, intake): never shown to other kinds of agency.</summary>
    public const string CustomsOnly = "";

    private const Roles Everyone = Roles.Officer | Roles.Analyst | Roles.Supervisor | Roles.AgencyAdmin | Roles.Auditor | Roles.Operator;

    public static readonly IReadOnlyList<Section> Sections =
    [
        new("Overview", "/", "", Everyone),
        new("Your account", "/account", "", Everyone),
        new("Declarations", "/declarations", "Intake", Roles.Officer | Roles.Analyst | Roles.Supervisor | Roles.AgencyAdmin | Roles.Operator, RecordTypes.Declaration),
        new("Pre-arrival consignments", "/consignments", "Intake", Roles.Officer | Roles.Analyst | Roles.Supervisor | Roles.AgencyAdmin | Roles.Operator, RecordTypes.Consignment),
        new("Import a file", "/declarations/import", "Intake", Roles.Officer | Roles.Analyst | Roles.Supervisor | Roles.AgencyAdmin | Roles.Operator, CustomsOnly),
        new("Quarantine", "/declarations/quarantine", "Intake", Roles.Officer | Roles.Analyst | Roles.Supervisor | Roles.AgencyAdmin | Roles.Operator, CustomsOnly),
        new("Received interchanges", "/declarations/interchanges", "Intake", Roles.Officer | Roles.Analyst | Roles.Supervisor | Roles.AgencyAdmin | Roles.Operator, CustomsOnly),
        new("HS nomenclature", "/reference/hs", "Reference data", Everyone),
        new("Countries, currencies, ports", "/reference/codes", "Reference data", Everyone),
        new("Screen a name", "/screening/search", "Screening", Everyone),
        new("Watch lists", "/screening/lists", "Screening", Everyone),
        new("Screening hits", "/screening/hits", "Screening", Roles.Officer | Roles.Analyst | Roles.Supervisor | Roles.AgencyAdmin | Roles.Operator),
        // Border police and immigration work here; customs checks travellers too.
        new("Primary line", "/travellers/primary-line", "Travellers", Roles.Officer | Roles.Supervisor),
        new("Flights and voyages", "/travellers/flights", "Travellers", Roles.Officer | Roles.Analyst | Roles.Supervisor),
        new("Overstayers", "/travellers/overstayers", "Travellers", Roles.Officer | Roles.Analyst | Roles.Supervisor),
        new("Traveller statistics", "/travellers/statistics", "Travellers", Cordon.Travellers.TravellerStatistics.Readers),
        new("Traveller retention", "/travellers/retention", "Travellers", Roles.Operator | Roles.AgencyAdmin | Roles.Supervisor | Roles.Auditor),
        // The officer's one worklist: the declarations selected for control and their inspections.
        new("Worklist", "/risk/worklist", "Enforcement", Roles.Officer | Roles.Supervisor | Roles.Analyst | Roles.Operator, RecordTypes.LaneDecision),
        new("Cases", "/cases", "Enforcement", Roles.Officer | Roles.Supervisor | Roles.Analyst),
        new("Seizures", "/cases/seizures", "Enforcement", Roles.Officer | Roles.Supervisor | Roles.Analyst),
        new("Deadlines", "/cases/deadlines", "Enforcement", Roles.Officer | Roles.Supervisor),
        new("Seizure statistics", "/cases/statistics", "Enforcement", Roles.Officer | Roles.Supervisor | Roles.Analyst),
        new("Risk criteria", "/risk/criteria", "Risk", Cordon.Risk.Criteria.CriterionRules.Writers | Roles.Officer, RecordTypes.RiskCriterion),
        new("Lanes", "/risk/lanes", "Risk", Roles.Analyst | Roles.Supervisor | Roles.Operator, RecordTypes.LaneDecision),
        new("Risk models", "/risk/models", "Risk", Cordon.Risk.Model.RiskModels.Modellers, CustomsOnly),
        new("Enforcement performance", "/risk/performance", "Risk", Cordon.Risk.Performance.EnforcementPerformance.Readers, RecordTypes.Declaration),
        new("Measures", "/risk/measures", "Risk", Cordon.Risk.Measures.Measures.Readers, RecordTypes.Measure),
        new("Estimates from the random sample", "/risk/estimates", "Risk", Cordon.Risk.Performance.RandomSampleEstimates.Estimators, CustomsOnly),
        new("Live map", "/operations/map", "Operations", Roles.Officer | Roles.Analyst | Roles.Supervisor | Roles.Operator),
        new("Joint operations", "/operations/overview", "Operations", Roles.Officer | Roles.Analyst | Roles.Supervisor | Roles.Operator),
        new("Incidents", "/operations/incidents", "Operations", Roles.Officer | Roles.Analyst | Roles.Supervisor | Roles.Operator),
        new("New operation", "/operations/new", "Operations", Roles.Officer | Roles.Supervisor),
        new("Watched areas", "/operations/watched-areas", "Operations", Roles.Officer | Roles.Analyst | Roles.Supervisor | Roles.Operator),
        new("Response plans", "/operations/response-plans", "Operations", Cordon.Operations.IncidentResponse.MayKeepPlans),
        new("Qualifications", "/operations/qualifications", "Operations", Roles.Officer | Roles.Supervisor | Roles.AgencyAdmin | Roles.Operator),
        new("Joint training", "/operations/trainings", "Operations", Roles.Officer | Roles.Supervisor | Roles.AgencyAdmin),
        new("Procedures", "/procedures", "Operations", Roles.Officer | Roles.Analyst | Roles.Supervisor | Roles.AgencyAdmin),
        new("Exercises", "/exercises", "Operations", Roles.Officer | Roles.Analyst | Roles.Supervisor | Roles.AgencyAdmin),
        new("Asset register", "/resources/assets", "Resources", Roles.Officer | Roles.Analyst | Roles.Supervisor | Roles.AgencyAdmin | Roles.Operator),
        new("Capacity", "/resources/capacity", "Resources", Roles.Officer | Roles.Supervisor | Roles.AgencyAdmin),
        new("Insurance policies and claims", "/resources/policies", "Resources", Roles.Officer | Roles.Supervisor | Roles.AgencyAdmin),
        new("Sharing agreements", "/sharing/agreements", "Sharing", Everyone),
        new("Alerts", "/alerts", "Sharing", Everyone),
        new("Messages", "/messages", "Sharing", Everyone),
        new("Alert subscriptions", "/alerts/subscriptions", "Sharing", Everyone),
        new("Alert conditions", "/alerts/conditions", "Sharing", Cordon.Alerting.AlertConditions.MayDefine),
        new("Access review", "/sharing/access-review", "Sharing", Roles.AgencyAdmin | Roles.Supervisor | Roles.Auditor),
        new("Background jobs", "/jobs", "Administration", Everyone),
        new("Agencies", "/admin/agencies", "Administration", Roles.AgencyAdmin | Roles.Operator),
        new("Users", "/admin/users", "Administration", Roles.AgencyAdmin | Roles.Operator),
        new("API keys", "/admin/apikeys", "Administration", Roles.AgencyAdmin | Roles.Operator),
        new("Identity provider", "/admin/identity-provider", "Administration", Roles.AgencyAdmin | Roles.Operator),
        new("Partner installations", "/admin/federation", "Administration", Roles.Operator),
        new("Audit log", "/audit", "Audit", Roles.Auditor | Roles.Operator),
    ];

    public static IEnumerable<Section> For(Actor actor) => Sections.Where(s => (s.VisibleTo & actor.Roles) != 0);

    /// <summary>
    /// The sections of this actor's roles that fit the agency: a border police or immigration officer does
    /// not see customs' declarations, quarantine or risk pages unless an agreement in force gives the
    /// agency records there.
    /// </summary>
    public static async Task<List<Section>> ForAsync(CordonDb db, Actor actor, TimeProvider clock, CancellationToken ct = default)
    {
        var sections = For(actor).ToList();
        if (actor.AgencyId is not { } agency || actor.IsOperator)
        {
            return sections;
        }
        var kind = await db.Agencies.Where(a => a.Id == agency).Select(a => a.Kind).FirstOrDefaultAsync(ct);
        if (kind is AgencyKind.Customs or AgencyKind.PartnerCustomsAbroad)
        {
            return sections;
        }
        var now = clock.GetUtcNow();
        var received = (await db.SharingAgreements.AsNoTracking()
                .Where(a => a.RecipientAgencyId == agency && a.Status == AgreementStatus.Active)
                .Select(a => new { a.RecordTypes, a.ValidFrom, a.ValidUntil }).ToListAsync(ct))
            .Where(a => a.ValidFrom <= now && now < a.ValidUntil)
            .SelectMany(a => a.RecordTypes).ToHashSet(StringComparer.Ordinal);
        return sections.Where(s => s.CustomsRecords is null || (s.CustomsRecords.Length > 0 && received.Contains(s.CustomsRecords))).ToList();
    }

    /// <summary>
    /// The one section a page belongs to: the longest link that is the path or a folder above it, so
    /// /declarations/import lights "Import a file" and not also "Declarations".
    /// </summary>
    public static Section? Current(IEnumerable<Section> sections, string path)
        => sections
            .Where(s => s.Href == "/" ? path == "/" : path.Equals(s.Href, StringComparison.OrdinalIgnoreCase) || path.StartsWith(s.Href + "/", StringComparison.OrdinalIgnoreCase))
            .MaxBy(s => s.Href.Length);
}
