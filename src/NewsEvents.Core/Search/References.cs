using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Core.Search;

/// <summary>An entity as other resources point at it. Id is null in previews, where nothing is stored.</summary>
public sealed record EntityReference(Guid? Id, string Name, EntityType Type);

/// <summary>A place as other resources point at it, with its coordinates when known.</summary>
public sealed record PlaceReference(Guid? Id, string Name, double? Lat, double? Lon);
