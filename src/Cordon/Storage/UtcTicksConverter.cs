using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Cordon.Storage;

/// <summary>Stores an instant as UTC ticks so SQLite can sort and compare it.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
