using Cordon.Common;

namespace Cordon.Risk;

/// <summary>Selectivity lanes, in increasing order of control.</summary>
public enum Lane
{
    /// <summary>Release without control.</summary>
    Green = 0,
    /// <summary>Release, then post-clearance audit.</summary>
    Blue = 1,
    /// <summary>Documentary check before release.</summary>
    Yellow = 2,
    /// <summary>Physical inspection.</summary>
    Red = 3,
}

public static class LaneText
{
    public static bool TryParse(string? text, out Lane lane) => EnumText.TryParse(text, out lane);

    public static string Name(this Lane lane) => lane.ToString().ToLowerInvariant();
}
