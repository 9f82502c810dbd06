using Cordon.Screening.Lists;
using Cordon.Sharing;

namespace Cordon.Screening.Matching;

/// <summary>
/// A party to screen: a name and whatever else is known. A declaration party is screened with its
/// country, date of birth (people), identifiers (IMO for a vessel, tax id for a company) and type.
/// </summary>
public sealed record ScreeningQuery(
    string Name,
    PartialDate? BirthDate = null,
    string? Country = null,
    EntityType? Type = null,
    IReadOnlyList<ListIdentifier>? Identifiers = null,
    int Limit = 10,
    ListVisibility? Visibility = null);

/// <summary>
/// Whose eyes the hits are for: entries of a list marked above TLP:CLEAR are shown only to the list's
/// owning agency (deny by default; sharing agreements may widen this later). Null: internal callers
/// that see everything (the local operator, background jobs).
/// </summary>
public sealed record ListVisibility(Guid? Agency)
{
    public bool CanSee(IndexedEntity entity) => entity.Marking == Tlp.Clear || (Agency is { } a && a == entity.OwningAgencyId);
}

/// <summary>One piece of evidence behind a score: what was compared, its effect on the score, and how.</summary>
public sealed record MatchFeature(string Feature, double Effect, string Detail);

/// <summary>
/// A listed entity that may be the party: its list and the list version it was matched in (what a
/// stored decision refers to), the name that matched, the score in [0, 1], the band, and why.
/// </summary>
public sealed record ScreeningHit(
    Guid EntityId,
    string List,
    int ListVersion,
    string SourceId,
    EntityType Type,
    string Name,
    string MatchedName,
    double Score,
    MatchBand Band,
    IReadOnlyList<MatchFeature> Explanation);

/// <summary>A listed entity as the index holds it, with the list's version and thresholds.</summary>
public sealed record IndexedEntity(Guid EntityId, string List, int ListVersion, double BlockThreshold, double ReviewThreshold, ListEntry Entry,
    Guid OwningAgencyId = default, Tlp Marking = Tlp.Clear);
