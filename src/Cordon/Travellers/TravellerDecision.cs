using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Cordon.Screening.Matching;

namespace Cordon.Travellers;

/// <summary>What happens to a traveller, from least to most: each reason asks for one, the traveller gets the strongest.</summary>
public static class TravellerActions
{
    public const string None = "none";
    public const string SecondaryInspection = "secondary-inspection";
    /// <summary>An alert to another agency (the one that keeps the watch list the traveller matches).</summary>
    public const string AgencyAlert = "agency-alert";
    public const string ImmigrationReferral = "immigration-referral";

    public static readonly IReadOnlyList<string> All = [None, SecondaryInspection, AgencyAlert, ImmigrationReferral];

    public static int Rank(string action) => Math.Max(0, All.ToList().IndexOf(action));

    public static string Label(string? action) => action switch
    {
        SecondaryInspection => "Secondary inspection",
        AgencyAlert => "Alert to another agency",
        ImmigrationReferral => "Refer to immigration",
        None => "No action",
        _ => "Not checked yet",
    };
}

public static class ReasonKinds
{
    public const string StolenDocument = "stolen-document";
    public const string LostDocument = "lost-document";
    public const string InvalidatedDocument = "invalidated-document";
    public const string ExpiredDocument = "expired-document";
    public const string MrzCheck = "mrz-check";
    public const string WatchList = "watch-list";
    public const string Overstay = "overstay";
    public const string WouldOverstay = "would-overstay";
    public const string PreviousRefusal = "previous-refusal";
    /// <summary>A criterion written for travellers fired (<see cref="TravellerCriteria"/>).</summary>
    public const string Criterion = "criterion";
}

/// <summary>One reason for a decision: its kind, the action it asks for, in words, and the agency it concerns (a list's keeper).</summary>
public sealed record TravellerReason(string Kind, string Action, string Detail)
{
    [JsonIgnore]
    public Guid? Agency { get; init; }
}

/// <summary>The reasons that apply to a traveller (document checks, watch lists, stays) and the action they add up to.</summary>
public static class TravellerDecision
{
    public static string Decide(IEnumerable<TravellerReason> reasons)
        => reasons.Select(r => r.Action).DefaultIfEmpty(TravellerActions.None).MaxBy(TravellerActions.Rank)!;

    public static TravellerReason Listed(ListedDocument d, string documentType)
    {
        var (kind, what) = d.Status switch
        {
            LostDocumentStatuses.Stolen => (ReasonKinds.StolenDocument, "stolen"),
            LostDocumentStatuses.Lost => (ReasonKinds.LostDocument, "lost"),
            _ => (ReasonKinds.InvalidatedDocument, d.Status),
        };
        var reported = d.ReportedOn is { } on ? $", reported {on:yyyy-MM-dd}" : "";
        return new TravellerReason(kind, TravellerActions.ImmigrationReferral,
            $"The {DocumentName(documentType)} issued by {d.IssuingState} is reported {what} on {d.Source}{reported}.");
    }

    public static TravellerReason? Expiry(string documentType, string? issuingState, DateOnly? expiry, DateOnly travelDay)
        => expiry is { } e && e < travelDay
            ? new TravellerReason(ReasonKinds.ExpiredDocument, TravellerActions.SecondaryInspection,
                $"The {DocumentName(documentType)} issued by {issuingState ?? "an unknown state"} expired on {e:yyyy-MM-dd}, before travel on {travelDay:yyyy-MM-dd}.")
            : null;

    /// <summary>
    /// A hit in the block band of a list another agency keeps alerts that agency; on one's own list, or in the
    /// review band, the traveller goes to secondary inspection.
    /// </summary>
    public static TravellerReason WatchList(ScreeningHit hit, Guid listKeeper, Guid receivingAgency)
    {
        var elsewhere = hit.Band == MatchBand.Block && listKeeper != receivingAgency;
        var why = string.Join("; ", hit.Explanation.Where(f => f.Effect != 0).Take(3).Select(f => f.Detail));
        return new TravellerReason(ReasonKinds.WatchList, elsewhere ? TravellerActions.AgencyAlert : TravellerActions.SecondaryInspection,
            $"Matches '{hit.Name}' on {hit.List} version {hit.ListVersion} (score {hit.Score:0.00}, {hit.Band.Name()} band){(why.Length > 0 ? ": " + why : "")}.")
        {
            Agency = elsewhere ? listKeeper : null,
        };
    }

    public static IEnumerable<TravellerReason> Stay(StayResult stay, int refusals)
    {
        if (stay.Overstayed)
        {
            yield return new TravellerReason(ReasonKinds.Overstay, TravellerActions.ImmigrationReferral, stay.Summary);
        }
        else if (stay.WouldOverstay)
        {
            yield return new TravellerReason(ReasonKinds.WouldOverstay, TravellerActions.SecondaryInspection, stay.Summary);
        }
        if (refusals > 0)
        {
            yield return new TravellerReason(ReasonKinds.PreviousRefusal, TravellerActions.SecondaryInspection, $"Refused entry {refusals} time(s) before.");
        }
    }

    private static string DocumentName(string type) => type.StartsWith('P') ? "passport" : type.StartsWith('V') ? "visa" : "document";
}

/// <summary>
/// Who a person is across lists and crossings: nationality, date of birth and name (normalised tokens,
/// any script), hashed. Documents change at renewal; these do not.
/// </summary>
public static class TravellerIdentity
{
    public static string Key(string surname, string? givenNames, DateOnly? birthDate, string? nationality)
    {
        var names = string.Join(' ', NameText.Tokens($"{surname} {givenNames}").Order(StringComparer.Ordinal));
        var text = $"{nationality}|{birthDate:yyyy-MM-dd}|{names}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
