using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace NewsEvents.Core.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the web host (and its database).</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<NewsEventsDbContext>
{
    public NewsEventsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<NewsEventsDbContext>()
            .UseNpgsql("Host=localhost;Database=newsevents_design_time")
            .UseSnakeCaseNamingConvention()
            .Options);
}
