using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RiskModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "lane_decisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeclarationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Marking = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    DeclarationNumber = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    LodgedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Lane = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    RandomPick = table.Column<bool>(type: "INTEGER", nullable: false),
                    Forced = table.Column<bool>(type: "INTEGER", nullable: false),
                    ModelVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    Probability = table.Column<double>(type: "REAL", nullable: true),
                    ExpectedRevenue = table.Column<double>(type: "REAL", nullable: true),
                    CriteriaScore = table.Column<double>(type: "REAL", nullable: false),
                    Priority = table.Column<double>(type: "REAL", nullable: false),
                    Referrals = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Explanation = table.Column<string>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lane_decisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_lane_decisions_declarations_DeclarationId",
                        column: x => x.DeclarationId,
                        principalTable: "declarations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "office_capacities",
                columns: table => new
                {
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Office = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    Marking = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RedPerDay = table.Column<int>(type: "INTEGER", nullable: false),
                    YellowPerDay = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_office_capacities", x => new { x.OwningAgencyId, x.Office });
                });

            migrationBuilder.CreateTable(
                name: "risk_models",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Marking = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Algorithm = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    TrainFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TrainUntil = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TrainingRows = table.Column<int>(type: "INTEGER", nullable: false),
                    TrainingIrregular = table.Column<int>(type: "INTEGER", nullable: false),
                    Features = table.Column<string>(type: "TEXT", nullable: false),
                    Evaluation = table.Column<string>(type: "TEXT", nullable: true),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    TrainingSeconds = table.Column<double>(type: "REAL", nullable: false),
                    ModelBytes = table.Column<byte[]>(type: "BLOB", nullable: false),
                    TrainedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    TrainedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_models", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_lane_decisions_DeclarationId",
                table: "lane_decisions",
                column: "DeclarationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lane_decisions_OwningAgencyId_Lane_LodgedOn",
                table: "lane_decisions",
                columns: new[] { "OwningAgencyId", "Lane", "LodgedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_lane_decisions_OwningAgencyId_Office_LodgedOn",
                table: "lane_decisions",
                columns: new[] { "OwningAgencyId", "Office", "LodgedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_risk_models_OwningAgencyId_Active",
                table: "risk_models",
                columns: new[] { "OwningAgencyId", "Active" });

            migrationBuilder.CreateIndex(
                name: "IX_risk_models_OwningAgencyId_Version",
                table: "risk_models",
                columns: new[] { "OwningAgencyId", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lane_decisions");

            migrationBuilder.DropTable(
                name: "office_capacities");

            migrationBuilder.DropTable(
                name: "risk_models");
        }
    }
}
