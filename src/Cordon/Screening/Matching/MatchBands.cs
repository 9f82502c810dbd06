using Cordon.Screening.Lists;

namespace Cordon.Screening.Matching;

/// <summary>What a hit asks of an analyst.</summary>
public enum MatchBand
{
    None,
    Review,
    Block,
}

/// <summary>
/// The scores from which a hit is reviewed and blocked, and where they come from (said in the hit's
/// explanation, so an analyst knows which bar the score was held to).
/// </summary>
public sealed record BandThresholds(double Review, double Block, string Source)
{
    public MatchBand Of(double score) => MatchBands.Of(score, Block, Review);

    public string Describe(EntityType type)
        => $"judged against the {type.ToString().ToLowerInvariant()} bands: review from {Review:0.00}, block from {Block:0.00} ({Source})";
}

public static class MatchBands
{
    /// <summary>
    /// A list's thresholds when nobody has set them. A list left at these follows
    /// <see cref="ByEntityType"/>; a list set to anything else holds every entity type to its own values.
    /// </summary>
    public const double DefaultBlock = 0.92;
    public const double DefaultReview = 0.75;

    /// <summary>
    /// Thresholds by entity type, chosen by `bench/Screening hardnames-thresholds` on the development set
    /// (bench/Screening/dev-set): review is the lowest threshold from which precision stays at or above
    /// 0.98, block the lowest from which it stays at 1.00 and at least <see cref="DefaultBlock"/>
    /// (see docs/decisions/022-hard-names.md).
    /// Aircraft have no pairs in the set and keep the general defaults.
    /// </summary>
    public static readonly IReadOnlyDictionary<EntityType, BandThresholds> ByEntityType = new Dictionary<EntityType, BandThresholds>
    {
        [EntityType.Person] = new(0.74, 0.95, ChosenOnDevelopmentSet),
        [EntityType.Organisation] = new(0.75, 0.92, ChosenOnDevelopmentSet),
        [EntityType.Vessel] = new(0.92, 0.92, ChosenOnDevelopmentSet),
        [EntityType.Aircraft] = new(DefaultReview, DefaultBlock, "general default: no aircraft in the development set"),
    };

    private const string ChosenOnDevelopmentSet = "chosen on the development set for precision 0.98 / 1.00";

    /// <summary>The thresholds a hit on an entity of this type, on a list with these thresholds, is judged against.</summary>
    public static BandThresholds For(EntityType type, double listBlock, double listReview)
        => listBlock == DefaultBlock && listReview == DefaultReview
            ? ByEntityType[type]
            : new BandThresholds(listReview, listBlock, "set on the list");

    public static BandThresholds For(IndexedEntity entity) => For(entity.Entry.Type, entity.BlockThreshold, entity.ReviewThreshold);

    public static MatchBand Of(double score, double block, double review)
        => score >= block ? MatchBand.Block : score >= review ? MatchBand.Review : MatchBand.None;

    public static string Name(this MatchBand band) => band.ToString().ToLowerInvariant();
}
