namespace Cordon.Screening.Matching;

/// <summary>What a hit asks of an analyst.</summary>
public enum MatchBand
{
    None,
    Review,
    Block,
}

public static class MatchBands
{
    /// <summary>Default thresholds, measured on the development set (see bench/README.md).</summary>
    public const double DefaultBlock = 0.92;
    public const double DefaultReview = 0.75;

    public static MatchBand Of(double score, double block, double review)
        => score >= block ? MatchBand.Block : score >= review ? MatchBand.Review : MatchBand.None;

    public static string Name(this MatchBand band) => band.ToString().ToLowerInvariant();
}
