namespace Cordon.Sharing;

/// <summary>Why a record is being read. Every request states one; agreements permit some.</summary>
public enum Purpose
{
    RiskAnalysis,
    Investigation,
    Prosecution,
    Statistics,
}

public static class PurposeNames
{
    public const string Header = "X-Cordon-Purpose";

    public static readonly IReadOnlyList<(Purpose Purpose, string Name)> All =
    [
        (Purpose.RiskAnalysis, "risk-analysis"),
        (Purpose.Investigation, "investigation"),
        (Purpose.Prosecution, "prosecution"),
        (Purpose.Statistics, "statistics"),
    ];

    public static string Name(this Purpose purpose) => All.First(p => p.Purpose == purpose).Name;

    public static bool TryParse(string? text, out Purpose purpose)
    {
        var t = (text ?? "").Trim();
        foreach (var (p, name) in All)
        {
            if (name.Equals(t, StringComparison.OrdinalIgnoreCase) || p.ToString().Equals(t, StringComparison.OrdinalIgnoreCase))
            {
                purpose = p;
                return true;
            }
        }
        purpose = default;
        return false;
    }
}

/// <summary>Handling caveats an owner attaches to a record, beyond its TLP marking.</summary>
[Flags]
public enum Caveats
{
    None = 0,
    /// <summary>A recipient may not pass the record on (federation, exports to third parties).</summary>
    NoOnwardSharing = 1,
    /// <summary>Only law-enforcement agencies may receive it.</summary>
    LawEnforcementOnly = 2,
    /// <summary>Holds personal data of natural persons: agreements may require its redaction.</summary>
    PersonalData = 4,
}

/// <summary>How caveats are written in the API, the UI and reasons: "no-onward-sharing", "law-enforcement-only", "personal-data".</summary>
public static class CaveatText
{
    public static readonly IReadOnlyList<(Caveats Caveat, string Name)> All =
    [
        (Caveats.NoOnwardSharing, "no-onward-sharing"),
        (Caveats.LawEnforcementOnly, "law-enforcement-only"),
        (Caveats.PersonalData, "personal-data"),
    ];

    /// <summary>"law-enforcement-only, personal-data"; "none" when there are none.</summary>
    public static string Label(this Caveats caveats)
        => caveats == Caveats.None ? "none" : string.Join(", ", All.Where(c => caveats.HasFlag(c.Caveat)).Select(c => c.Name));

    public static string[] Names(this Caveats caveats) => All.Where(c => caveats.HasFlag(c.Caveat)).Select(c => c.Name).ToArray();

    public static bool TryParse(string? text, out Caveats caveat)
    {
        var t = (text ?? "").Trim().Replace('_', '-');
        foreach (var (c, name) in All)
        {
            if (name.Equals(t, StringComparison.OrdinalIgnoreCase) || c.ToString().Equals(t, StringComparison.OrdinalIgnoreCase))
            {
                caveat = c;
                return true;
            }
        }
        caveat = Caveats.None;
        return false;
    }
}

/// <summary>The kinds of record an agreement can cover. Features name theirs with these constants.</summary>
public static class RecordTypes
{
    public const string Declaration = "declaration";
    public const string Consignment = "consignment";
    public const string ScreeningHit = "screening-hit";
    public const string LaneDecision = "lane-decision";
    public const string Inspection = "inspection";
    public const string Seizure = "seizure";
    public const string Case = "case";
    public const string RiskCriterion = "risk-criterion";
    public const string Alert = "alert";
    public const string Traveller = "traveller";
    public const string Procedure = "procedure";
    public const string Operation = "operation", Patrol = "patrol", Qualification = "qualification", Incident = "incident", SensorTrack = "sensor-track";
    /// <summary>Equipment and infrastructure in an agency's register (Resources): a joint operation sees a partner's available boats.</summary>
    public const string Asset = "asset";

    /// <summary>A message posted in a channel between agencies (Messaging): read by members, abroad only under an agreement covering it.</summary>
    public const string Message = "message";

    /// <summary>An enforcement measure with its reviews (Risk/Measures): its evaluation is counted for the reader, under the statistics purpose.</summary>
    public const string Measure = "measure";

    /// <summary>
    /// A joint exercise (Exercises): not a type agreements cover — its director's agency and its participants read it,
    /// and what the exercise plays is owned by its cells (agencies of kind exercise-cell).
    /// </summary>
    public const string Exercise = "exercise";

    public static readonly IReadOnlyList<string> All = [Declaration, Consignment, ScreeningHit, LaneDecision, Inspection, Seizure, Case, RiskCriterion, Alert, Operation, Patrol, Qualification, Incident, SensorTrack, Traveller, Procedure, Asset, Message, Measure];
}
