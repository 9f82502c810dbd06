using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Measures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "measures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Objective = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Marking = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Caveats = table.Column<int>(type: "INTEGER", nullable: false),
                    Offices = table.Column<string>(type: "TEXT", nullable: false),
                    HsPrefixes = table.Column<string>(type: "TEXT", nullable: false),
                    Origins = table.Column<string>(type: "TEXT", nullable: false),
                    Traders = table.Column<string>(type: "TEXT", nullable: false),
                    Routes = table.Column<string>(type: "TEXT", nullable: false),
                    CriteriaIds = table.Column<string>(type: "TEXT", nullable: false),
                    OperationIds = table.Column<string>(type: "TEXT", nullable: false),
                    PatrolIds = table.Column<string>(type: "TEXT", nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    InterimReviewOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ExpectedEffect = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ExpectedOutcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ExpectedPoints = table.Column<double>(type: "REAL", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_measures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "measure_reviews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MeasureId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReviewedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EstimatePoints = table.Column<double>(type: "REAL", nullable: true),
                    LowPoints = table.Column<double>(type: "REAL", nullable: true),
                    HighPoints = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_measure_reviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_measure_reviews_measures_MeasureId",
                        column: x => x.MeasureId,
                        principalTable: "measures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_measure_reviews_MeasureId_ReviewedAt",
                table: "measure_reviews",
                columns: new[] { "MeasureId", "ReviewedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_measures_OwningAgencyId_Marking_Caveats",
                table: "measures",
                columns: new[] { "OwningAgencyId", "Marking", "Caveats" });

            migrationBuilder.CreateIndex(
                name: "IX_measures_Reference",
                table: "measures",
                column: "Reference",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "measure_reviews");

            migrationBuilder.DropTable(
                name: "measures");
        }
    }
}
