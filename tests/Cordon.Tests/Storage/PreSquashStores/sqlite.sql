PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY,
    "Timestamp" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "__migrations" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___migrations" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);
INSERT INTO __migrations VALUES('20261122172715_Foundation','10.0.14');
INSERT INTO __migrations VALUES('20261122174452_JobsAndSharing','10.0.14');
INSERT INTO __migrations VALUES('20261122183157_RiskCriteria','10.0.14');
INSERT INTO __migrations VALUES('20261122183758_AuditLog','10.0.14');
INSERT INTO __migrations VALUES('20261122190147_Screening','10.0.14');
INSERT INTO __migrations VALUES('20261122191239_Declarations','10.0.14');
INSERT INTO __migrations VALUES('20261122200606_PolicyIndexes','10.0.14');
INSERT INTO __migrations VALUES('20261122210837_ScreeningHits','10.0.14');
INSERT INTO __migrations VALUES('20261122211719_RiskModel','10.0.14');
INSERT INTO __migrations VALUES('20261122211851_Cases','10.0.14');
INSERT INTO __migrations VALUES('20261122212035_Operations','10.0.14');
INSERT INTO __migrations VALUES('20261122212223_Alerts','10.0.14');
INSERT INTO __migrations VALUES('20261122225703_AlertConditions','10.0.14');
INSERT INTO __migrations VALUES('20261123001414_OperationsPlanning','10.0.14');
INSERT INTO __migrations VALUES('20261123001747_Federation','10.0.14');
INSERT INTO __migrations VALUES('20261123002053_RiskSchedule','10.0.14');
INSERT INTO __migrations VALUES('20261123002446_Caveats','10.0.14');
INSERT INTO __migrations VALUES('20261123013437_AlertAudience','10.0.14');
INSERT INTO __migrations VALUES('20261123030034_PatrolRoutes','10.0.14');
INSERT INTO __migrations VALUES('20261206045005_IdentitySessionsSecondFactorSso','10.0.14');
INSERT INTO __migrations VALUES('20261206084956_CustodyPosts','10.0.14');
INSERT INTO __migrations VALUES('20261206095245_Travellers','10.0.14');
INSERT INTO __migrations VALUES('20261206112655_TravellerChecks','10.0.14');
INSERT INTO __migrations VALUES('20261206150313_TradeMessages','10.0.14');
INSERT INTO __migrations VALUES('20261206191008_AlertOfficeAsLongAsRecordOffice','10.0.14');
CREATE TABLE IF NOT EXISTS "agencies" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_agencies" PRIMARY KEY,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Country" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "DataProtectionKeys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DataProtectionKeys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT NULL,
    "Xml" TEXT NULL
);
CREATE TABLE IF NOT EXISTS "api_keys" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_api_keys" PRIMARY KEY,
    "Prefix" TEXT NOT NULL,
    "SecretHash" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "AgencyId" TEXT NOT NULL,
    "Roles" INTEGER NOT NULL,
    "CreatedByUserId" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "RevokedAt" INTEGER NULL,
    "LastUsedAt" INTEGER NULL,
    CONSTRAINT "FK_api_keys_agencies_AgencyId" FOREIGN KEY ("AgencyId") REFERENCES "agencies" ("Id") ON DELETE RESTRICT
);
CREATE TABLE IF NOT EXISTS "users" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_users" PRIMARY KEY,
    "UserName" TEXT NOT NULL,
    "DisplayName" TEXT NOT NULL,
    "AgencyId" TEXT NOT NULL,
    "Roles" INTEGER NOT NULL,
    "PasswordHash" TEXT NOT NULL,
    "FailedSignIns" INTEGER NOT NULL,
    "LockedUntil" INTEGER NULL,
    "MustChangePassword" INTEGER NOT NULL,
    "Disabled" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "LastSignInAt" INTEGER NULL, "ExternalIssuer" TEXT NULL, "ExternalSubject" TEXT NULL, "RecoveryCodeHashes" TEXT NULL, "SecurityStamp" TEXT NOT NULL DEFAULT '', "TotpLastStep" INTEGER NULL, "TotpSecret" TEXT NULL,
    CONSTRAINT "FK_users_agencies_AgencyId" FOREIGN KEY ("AgencyId") REFERENCES "agencies" ("Id") ON DELETE RESTRICT
);
CREATE TABLE IF NOT EXISTS "break_glass_accesses" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_break_glass_accesses" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "UserAgencyId" TEXT NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "RecordType" TEXT NOT NULL,
    "RecordId" TEXT NOT NULL,
    "Purpose" TEXT NOT NULL,
    "Justification" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "ReviewedBy" TEXT NULL,
    "ReviewedAt" INTEGER NULL,
    "ReviewNote" TEXT NULL
);
CREATE TABLE IF NOT EXISTS "jobs" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_jobs" PRIMARY KEY,
    "Kind" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "Checkpoint" TEXT NULL,
    "Result" TEXT NULL,
    "Error" TEXT NULL,
    "Done" INTEGER NOT NULL,
    "Total" INTEGER NULL,
    "Message" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "ClaimedBy" TEXT NULL,
    "CancelRequested" INTEGER NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL,
    "CreatedByUserId" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "StartedAt" INTEGER NULL,
    "HeartbeatAt" INTEGER NULL,
    "FinishedAt" INTEGER NULL
);
CREATE TABLE IF NOT EXISTS "sharing_agreement_versions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_sharing_agreement_versions" PRIMARY KEY AUTOINCREMENT,
    "AgreementId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "Snapshot" TEXT NOT NULL,
    "Change" TEXT NOT NULL,
    "ChangedBy" TEXT NOT NULL,
    "ChangedAt" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "sharing_agreements" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_sharing_agreements" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "ProviderAgencyId" TEXT NOT NULL,
    "RecipientAgencyId" TEXT NOT NULL,
    "RecordTypes" TEXT NOT NULL,
    "MaxMarking" TEXT NOT NULL,
    "Purposes" TEXT NOT NULL,
    "Redactions" TEXT NOT NULL,
    "OnwardSharing" INTEGER NOT NULL,
    "ValidFrom" INTEGER NOT NULL,
    "ValidUntil" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "ProviderApprovedBy" TEXT NULL,
    "ProviderApprovedAt" INTEGER NULL,
    "RecipientApprovedBy" TEXT NULL,
    "RecipientApprovedAt" INTEGER NULL,
    "RevokedBy" TEXT NULL,
    "RevokedAt" INTEGER NULL,
    "RevocationReason" TEXT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
, "PersonalData" INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS "risk_criteria" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_risk_criteria" PRIMARY KEY,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "Expression" TEXT NOT NULL,
    "ItemLevel" INTEGER NOT NULL,
    "Weight" REAL NULL,
    "Lane" TEXT NULL,
    "ReferTo" TEXT NULL,
    "ValidFrom" TEXT NULL,
    "ValidTo" TEXT NULL,
    "Status" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "AuthorUserId" TEXT NULL,
    "AuthorName" TEXT NOT NULL,
    "Note" TEXT NULL
, "Caveats" INTEGER NOT NULL DEFAULT 3);
CREATE TABLE IF NOT EXISTS "risk_criterion_versions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_risk_criterion_versions" PRIMARY KEY,
    "CriterionId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "Expression" TEXT NOT NULL,
    "ItemLevel" INTEGER NOT NULL,
    "Weight" REAL NULL,
    "Lane" TEXT NULL,
    "ReferTo" TEXT NULL,
    "ValidFrom" TEXT NULL,
    "ValidTo" TEXT NULL,
    "Status" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "AuthorUserId" TEXT NULL,
    "AuthorName" TEXT NOT NULL,
    "Note" TEXT NULL, "Caveats" INTEGER NOT NULL DEFAULT 3,
    CONSTRAINT "FK_risk_criterion_versions_risk_criteria_CriterionId" FOREIGN KEY ("CriterionId") REFERENCES "risk_criteria" ("Id") ON DELETE RESTRICT
);
CREATE TABLE IF NOT EXISTS "audit_checkpoints" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_audit_checkpoints" PRIMARY KEY AUTOINCREMENT,
    "TreeSize" INTEGER NOT NULL,
    "RootHash" BLOB NOT NULL,
    "Origin" TEXT NOT NULL,
    "Note" TEXT NOT NULL,
    "KeyId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "audit_entries" (
    "LeafIndex" INTEGER NOT NULL CONSTRAINT "PK_audit_entries" PRIMARY KEY,
    "Time" INTEGER NOT NULL,
    "ActorKind" TEXT NOT NULL,
    "ActorUserId" TEXT NULL,
    "ActorName" TEXT NOT NULL,
    "ActorAgencyId" TEXT NULL,
    "Action" TEXT NOT NULL,
    "RecordType" TEXT NULL,
    "RecordId" TEXT NULL,
    "RecordAgencyId" TEXT NULL,
    "Purpose" TEXT NULL,
    "Decision" TEXT NULL,
    "Details" TEXT NULL,
    "LeafHash" BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS "audit_tree_nodes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_audit_tree_nodes" PRIMARY KEY,
    "Hash" BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS "watch_lists" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_watch_lists" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Format" TEXT NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    "BlockThreshold" REAL NOT NULL,
    "ReviewThreshold" REAL NOT NULL,
    "ActiveVersion" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "list_entry_changes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_list_entry_changes" PRIMARY KEY AUTOINCREMENT,
    "ListId" TEXT NOT NULL,
    "VersionNumber" INTEGER NOT NULL,
    "SourceId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    CONSTRAINT "FK_list_entry_changes_watch_lists_ListId" FOREIGN KEY ("ListId") REFERENCES "watch_lists" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "listed_entities" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_listed_entities" PRIMARY KEY,
    "ListId" TEXT NOT NULL,
    "SourceId" TEXT NOT NULL,
    "Type" TEXT NOT NULL,
    "PrimaryName" TEXT NOT NULL,
    "Details" TEXT NOT NULL,
    "ContentHash" TEXT NOT NULL,
    "AddedInVersion" INTEGER NOT NULL,
    "ChangedInVersion" INTEGER NOT NULL,
    "RemovedInVersion" INTEGER NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    CONSTRAINT "FK_listed_entities_watch_lists_ListId" FOREIGN KEY ("ListId") REFERENCES "watch_lists" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "watch_list_versions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_watch_list_versions" PRIMARY KEY,
    "ListId" TEXT NOT NULL,
    "Number" INTEGER NOT NULL,
    "ContentHash" TEXT NOT NULL,
    "Edition" TEXT NOT NULL,
    "ImportedAt" INTEGER NOT NULL,
    "ImportedBy" TEXT NOT NULL,
    "EntryCount" INTEGER NOT NULL,
    "Added" INTEGER NOT NULL,
    "Changed" INTEGER NOT NULL,
    "Removed" INTEGER NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    CONSTRAINT "FK_watch_list_versions_watch_lists_ListId" FOREIGN KEY ("ListId") REFERENCES "watch_lists" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "declarations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_declarations" PRIMARY KEY,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Office" TEXT NOT NULL,
    "Declarant" TEXT NOT NULL,
    "Number" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "LodgedOn" TEXT NOT NULL,
    "TransportMode" TEXT NULL,
    "Conveyance" TEXT NULL,
    "ImporterCode" TEXT NULL,
    "ImporterName" TEXT NULL,
    "ImporterAddress" TEXT NULL,
    "ImporterCountry" TEXT NULL,
    "ExporterCode" TEXT NULL,
    "ExporterName" TEXT NULL,
    "ExporterAddress" TEXT NULL,
    "ExporterCountry" TEXT NULL,
    "ConsigneeCode" TEXT NULL,
    "ConsigneeName" TEXT NULL,
    "ConsigneeAddress" TEXT NULL,
    "ConsigneeCountry" TEXT NULL,
    "OriginCountry" TEXT NULL,
    "ExportCountry" TEXT NULL,
    "DestinationCountry" TEXT NULL,
    "PortOfLoading" TEXT NULL,
    "PortOfDischarge" TEXT NULL,
    "Currency" TEXT NULL,
    "TotalFob" REAL NULL,
    "TotalCif" REAL NULL,
    "TotalDutiesAndTaxes" REAL NOT NULL,
    "ItemCount" INTEGER NOT NULL,
    "Opaque" INTEGER NOT NULL,
    "ContentHash" BLOB NOT NULL,
    "FirstReceivedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "UpdatedBy" TEXT NOT NULL
, "Caveats" INTEGER NOT NULL DEFAULT 4);
CREATE TABLE IF NOT EXISTS "pre_arrival_consignments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_pre_arrival_consignments" PRIMARY KEY,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    "Office" TEXT NOT NULL,
    "Filer" TEXT NOT NULL,
    "Reference" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "ConsignorName" TEXT NULL,
    "ConsignorAddress" TEXT NULL,
    "ConsignorCountry" TEXT NULL,
    "ConsigneeName" TEXT NULL,
    "ConsigneeAddress" TEXT NULL,
    "ConsigneeCountry" TEXT NULL,
    "GoodsDescription" TEXT NOT NULL,
    "HsCode" TEXT NOT NULL,
    "GrossKg" REAL NOT NULL,
    "Packages" INTEGER NOT NULL,
    "TransportMode" TEXT NOT NULL,
    "Conveyance" TEXT NULL,
    "Route" TEXT NULL,
    "ExpectedArrival" INTEGER NOT NULL,
    "ContainerCount" INTEGER NOT NULL,
    "ContentHash" BLOB NOT NULL,
    "FirstReceivedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "UpdatedBy" TEXT NOT NULL
, "Caveats" INTEGER NOT NULL DEFAULT 4);
CREATE TABLE IF NOT EXISTS "quarantined_records" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_quarantined_records" PRIMARY KEY,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "Position" TEXT NOT NULL,
    "Number" TEXT NULL,
    "Content" TEXT NOT NULL,
    "ContentIsJson" INTEGER NOT NULL,
    "Errors" TEXT NOT NULL,
    "RawHash" BLOB NOT NULL,
    "ReceivedAt" INTEGER NOT NULL,
    "ReceivedBy" TEXT NOT NULL,
    "ResolvedAt" INTEGER NULL,
    "ResolvedBy" TEXT NULL,
    "ResolvedRecordId" TEXT NULL
);
CREATE TABLE IF NOT EXISTS "declaration_items" (
    "DeclarationId" TEXT NOT NULL,
    "Line" INTEGER NOT NULL,
    "HsCode" TEXT NOT NULL,
    "Description" TEXT NULL,
    "Quantity" REAL NULL,
    "Unit" TEXT NULL,
    "GrossKg" REAL NULL,
    "NetKg" REAL NULL,
    "Fob" REAL NULL,
    "Cif" REAL NULL,
    "Duties" REAL NULL,
    "Taxes" REAL NULL,
    CONSTRAINT "PK_declaration_items" PRIMARY KEY ("DeclarationId", "Line"),
    CONSTRAINT "FK_declaration_items_declarations_DeclarationId" FOREIGN KEY ("DeclarationId") REFERENCES "declarations" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "declaration_versions" (
    "DeclarationId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "ContentHash" BLOB NOT NULL,
    "Content" TEXT NOT NULL,
    "ReceivedAt" INTEGER NOT NULL,
    "ReceivedBy" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    CONSTRAINT "PK_declaration_versions" PRIMARY KEY ("DeclarationId", "Version"),
    CONSTRAINT "FK_declaration_versions_declarations_DeclarationId" FOREIGN KEY ("DeclarationId") REFERENCES "declarations" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "inspection_outcomes" (
    "DeclarationId" TEXT NOT NULL CONSTRAINT "PK_inspection_outcomes" PRIMARY KEY,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    "Illicit" INTEGER NOT NULL,
    "Revenue" REAL NOT NULL,
    "RecordedAt" INTEGER NOT NULL,
    "Source" TEXT NOT NULL,
    CONSTRAINT "FK_inspection_outcomes_declarations_DeclarationId" FOREIGN KEY ("DeclarationId") REFERENCES "declarations" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "consignment_containers" (
    "ConsignmentId" TEXT NOT NULL,
    "Seq" INTEGER NOT NULL,
    "ContainerNumber" TEXT NOT NULL,
    CONSTRAINT "PK_consignment_containers" PRIMARY KEY ("ConsignmentId", "Seq"),
    CONSTRAINT "FK_consignment_containers_pre_arrival_consignments_ConsignmentId" FOREIGN KEY ("ConsignmentId") REFERENCES "pre_arrival_consignments" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "consignment_versions" (
    "ConsignmentId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "ContentHash" BLOB NOT NULL,
    "Content" TEXT NOT NULL,
    "ReceivedAt" INTEGER NOT NULL,
    "ReceivedBy" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    CONSTRAINT "PK_consignment_versions" PRIMARY KEY ("ConsignmentId", "Version"),
    CONSTRAINT "FK_consignment_versions_pre_arrival_consignments_ConsignmentId" FOREIGN KEY ("ConsignmentId") REFERENCES "pre_arrival_consignments" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "screening_backlog" (
    "RecordId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "RecordType" TEXT NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "QueuedAt" INTEGER NOT NULL,
    CONSTRAINT "PK_screening_backlog" PRIMARY KEY ("RecordId", "Version")
);
CREATE TABLE IF NOT EXISTS "screening_dismissals" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_screening_dismissals" PRIMARY KEY,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL,
    "PartyKey" TEXT NOT NULL,
    "EntityId" TEXT NOT NULL,
    "EntryContentHash" TEXT NOT NULL,
    "Reason" TEXT NOT NULL,
    "DismissedBy" TEXT NOT NULL,
    "DismissedAt" INTEGER NOT NULL,
    "HitId" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "screening_hits" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_screening_hits" PRIMARY KEY,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL,
    "RecordType" TEXT NOT NULL,
    "RecordId" TEXT NOT NULL,
    "RecordReference" TEXT NOT NULL,
    "RecordVersion" INTEGER NOT NULL,
    "PartyRole" TEXT NOT NULL,
    "PartyName" TEXT NOT NULL,
    "PartyCountry" TEXT NULL,
    "PartyIdentifiers" TEXT NULL,
    "PartyKey" TEXT NOT NULL,
    "EntityId" TEXT NOT NULL,
    "ListId" TEXT NOT NULL,
    "ListName" TEXT NOT NULL,
    "ListVersion" INTEGER NOT NULL,
    "EntrySourceId" TEXT NOT NULL,
    "EntryName" TEXT NOT NULL,
    "MatchedName" TEXT NOT NULL,
    "EntryContentHash" TEXT NOT NULL,
    "Score" REAL NOT NULL,
    "Band" TEXT NOT NULL,
    "Explanation" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "ReviewedBy" TEXT NULL,
    "ReviewedAt" INTEGER NULL,
    "ReviewReason" TEXT NULL,
    "DismissalId" TEXT NULL,
    "StatusNote" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
, "Caveats" INTEGER NOT NULL DEFAULT 6);
CREATE TABLE IF NOT EXISTS "lane_decisions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_lane_decisions" PRIMARY KEY,
    "DeclarationId" TEXT NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    "Office" TEXT NOT NULL,
    "DeclarationNumber" TEXT NOT NULL,
    "LodgedOn" TEXT NOT NULL,
    "Lane" TEXT NOT NULL,
    "RandomPick" INTEGER NOT NULL,
    "Forced" INTEGER NOT NULL,
    "ModelVersion" INTEGER NULL,
    "Probability" REAL NULL,
    "ExpectedRevenue" REAL NULL,
    "CriteriaScore" REAL NOT NULL,
    "Priority" REAL NOT NULL,
    "Referrals" TEXT NOT NULL,
    "Explanation" TEXT NOT NULL,
    "DecidedAt" INTEGER NOT NULL,
    "DecidedBy" TEXT NOT NULL, "Caveats" INTEGER NOT NULL DEFAULT 2,
    CONSTRAINT "FK_lane_decisions_declarations_DeclarationId" FOREIGN KEY ("DeclarationId") REFERENCES "declarations" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "office_capacities" (
    "OwningAgencyId" TEXT NOT NULL,
    "Office" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    "RedPerDay" INTEGER NOT NULL,
    "YellowPerDay" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    CONSTRAINT "PK_office_capacities" PRIMARY KEY ("OwningAgencyId", "Office")
);
CREATE TABLE IF NOT EXISTS "risk_models" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_risk_models" PRIMARY KEY,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "Algorithm" TEXT NOT NULL,
    "TrainFrom" TEXT NOT NULL,
    "TrainUntil" TEXT NOT NULL,
    "TrainingRows" INTEGER NOT NULL,
    "TrainingIrregular" INTEGER NOT NULL,
    "Features" TEXT NOT NULL,
    "Evaluation" TEXT NULL,
    "Active" INTEGER NOT NULL,
    "TrainingSeconds" REAL NOT NULL,
    "ModelBytes" BLOB NOT NULL,
    "TrainedAt" INTEGER NOT NULL,
    "TrainedBy" TEXT NOT NULL
, "Origin" TEXT NOT NULL DEFAULT '', "Promotion" TEXT NULL);
CREATE TABLE IF NOT EXISTS "cases" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_cases" PRIMARY KEY,
    "Reference" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Summary" TEXT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL,
    "Caveats" INTEGER NOT NULL,
    "ParticipantAgencyIds" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "Version" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "declaration_releases" (
    "DeclarationId" TEXT NOT NULL CONSTRAINT "PK_declaration_releases" PRIMARY KEY,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL,
    "ReleasedAt" INTEGER NOT NULL,
    "ReleasedBy" TEXT NOT NULL,
    "PaymentReference" TEXT NULL,
    CONSTRAINT "FK_declaration_releases_declarations_DeclarationId" FOREIGN KEY ("DeclarationId") REFERENCES "declarations" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "evidence_blobs" (
    "Sha256" TEXT NOT NULL CONSTRAINT "PK_evidence_blobs" PRIMARY KEY,
    "Content" BLOB NOT NULL,
    "Size" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "inspections" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_inspections" PRIMARY KEY,
    "Reference" TEXT NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL,
    "DeclarationId" TEXT NOT NULL,
    "DeclarationNumber" TEXT NOT NULL,
    "Office" TEXT NOT NULL,
    "Lane" TEXT NOT NULL,
    "Origin" TEXT NOT NULL,
    "ReferringAgencyId" TEXT NULL,
    "Reason" TEXT NOT NULL,
    "Types" TEXT NOT NULL,
    "Officers" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "StartedAt" INTEGER NULL,
    "EndedAt" INTEGER NULL,
    "Findings" TEXT NULL,
    "Irregular" INTEGER NULL,
    "IrregularityKinds" TEXT NOT NULL,
    "RevenueRaised" REAL NULL,
    "Adjustments" TEXT NOT NULL,
    "Decision" TEXT NULL,
    "OutcomeRecordedAt" INTEGER NULL,
    "OutcomeRecordedBy" TEXT NULL,
    "CaseId" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "Version" INTEGER NOT NULL, "Caveats" INTEGER NOT NULL DEFAULT 2,
    CONSTRAINT "FK_inspections_declarations_DeclarationId" FOREIGN KEY ("DeclarationId") REFERENCES "declarations" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "seizures" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_seizures" PRIMARY KEY,
    "Reference" TEXT NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL,
    "Caveats" INTEGER NOT NULL,
    "CaseId" TEXT NULL,
    "InspectionId" TEXT NULL,
    "DeclarationId" TEXT NULL,
    "Office" TEXT NOT NULL,
    "Place" TEXT NULL,
    "Latitude" REAL NULL,
    "Longitude" REAL NULL,
    "SeizedAt" INTEGER NOT NULL,
    "RouteFrom" TEXT NULL,
    "RouteTo" TEXT NULL,
    "Items" TEXT NOT NULL,
    "SeizingOfficers" TEXT NOT NULL,
    "Witnesses" TEXT NOT NULL,
    "Owner" TEXT NULL,
    "LegalBasis" TEXT NOT NULL,
    "ConcealmentMethod" TEXT NULL,
    "DetectionMethod" TEXT NULL,
    "SealNumbers" TEXT NOT NULL,
    "StorageLocation" TEXT NULL,
    "Perishable" INTEGER NOT NULL,
    "Hazardous" INTEGER NOT NULL,
    "LegalState" TEXT NOT NULL,
    "AppealPeriodDays" INTEGER NOT NULL,
    "NoticeIssuedAt" INTEGER NULL,
    "NoticeDeliveredAt" INTEGER NULL,
    "NoticeDeliveryMethod" TEXT NULL,
    "AppealFiledAt" INTEGER NULL,
    "AppealGrounds" TEXT NULL,
    "AppealDecidedAt" INTEGER NULL,
    "AppealDecision" TEXT NULL,
    "PaymentDue" REAL NOT NULL,
    "PaymentRecordedAt" INTEGER NULL,
    "PaymentReference" TEXT NULL,
    "DisposalMethod" TEXT NULL,
    "DisposalWitnesses" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "Version" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "case_notes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_case_notes" PRIMARY KEY AUTOINCREMENT,
    "CaseId" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "By" TEXT NOT NULL,
    "AgencyId" TEXT NOT NULL,
    CONSTRAINT "FK_case_notes_cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "cases" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "case_persons" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_case_persons" PRIMARY KEY AUTOINCREMENT,
    "CaseId" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Identifier" TEXT NULL,
    "Country" TEXT NULL,
    "Company" INTEGER NOT NULL,
    CONSTRAINT "FK_case_persons_cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "cases" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "case_tasks" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_case_tasks" PRIMARY KEY AUTOINCREMENT,
    "CaseId" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "AssignedAgencyId" TEXT NOT NULL,
    "Assignee" TEXT NULL,
    "DueOn" TEXT NOT NULL,
    "DoneAt" INTEGER NULL,
    "DoneBy" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    CONSTRAINT "FK_case_tasks_cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "cases" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "custody_events" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_custody_events" PRIMARY KEY AUTOINCREMENT,
    "SeizureId" TEXT NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "Content" TEXT NOT NULL,
    "PreviousHash" TEXT NOT NULL,
    "Hash" TEXT NOT NULL,
    CONSTRAINT "FK_custody_events_seizures_SeizureId" FOREIGN KEY ("SeizureId") REFERENCES "seizures" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "legal_steps" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_legal_steps" PRIMARY KEY AUTOINCREMENT,
    "SeizureId" TEXT NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "Action" TEXT NOT NULL,
    "From" TEXT NOT NULL,
    "To" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "By" TEXT NOT NULL,
    "Reason" TEXT NOT NULL,
    "AuthorisedBy" TEXT NULL,
    "Details" TEXT NULL,
    CONSTRAINT "FK_legal_steps_seizures_SeizureId" FOREIGN KEY ("SeizureId") REFERENCES "seizures" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "penalties" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_penalties" PRIMARY KEY AUTOINCREMENT,
    "SeizureId" TEXT NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL,
    "Trader" TEXT NOT NULL,
    "Amount" REAL NOT NULL,
    "Basis" TEXT NOT NULL,
    "AssessedAt" INTEGER NOT NULL,
    "AssessedBy" TEXT NOT NULL,
    CONSTRAINT "FK_penalties_seizures_SeizureId" FOREIGN KEY ("SeizureId") REFERENCES "seizures" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "security_bonds" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_security_bonds" PRIMARY KEY AUTOINCREMENT,
    "SeizureId" TEXT NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL,
    "Trader" TEXT NOT NULL,
    "Surety" TEXT NOT NULL,
    "Amount" REAL NOT NULL,
    "Currency" TEXT NOT NULL,
    "ValidUntil" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "LodgedAt" INTEGER NOT NULL,
    "LodgedBy" TEXT NOT NULL,
    "SettledAt" INTEGER NULL,
    CONSTRAINT "FK_security_bonds_seizures_SeizureId" FOREIGN KEY ("SeizureId") REFERENCES "seizures" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "seizure_attachments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_seizure_attachments" PRIMARY KEY AUTOINCREMENT,
    "SeizureId" TEXT NOT NULL,
    "Sha256" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "AddedAt" INTEGER NOT NULL,
    "AddedBy" TEXT NOT NULL,
    CONSTRAINT "FK_seizure_attachments_seizures_SeizureId" FOREIGN KEY ("SeizureId") REFERENCES "seizures" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "assets" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_assets" PRIMARY KEY,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "incident_tasks" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_incident_tasks" PRIMARY KEY,
    "IncidentId" TEXT NOT NULL,
    "Order" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "OwnerAgency" TEXT NOT NULL,
    "DueAt" INTEGER NOT NULL,
    "DoneAt" INTEGER NULL,
    "DoneBy" TEXT NULL,
    "EscalateTo" TEXT NOT NULL,
    "EscalatedAt" INTEGER NULL
);
CREATE TABLE IF NOT EXISTS "incident_updates" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_incident_updates" PRIMARY KEY AUTOINCREMENT,
    "IncidentId" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "Author" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Text" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "incidents" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_incidents" PRIMARY KEY,
    "Type" TEXT NOT NULL,
    "Severity" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Latitude" REAL NOT NULL,
    "Longitude" REAL NOT NULL,
    "OccurredAt" INTEGER NOT NULL,
    "ReportedAt" INTEGER NOT NULL,
    "RespondedAt" INTEGER NULL,
    "ResolvedAt" INTEGER NULL,
    "Units" TEXT NOT NULL,
    "OperationId" TEXT NULL,
    "CaseRefs" TEXT NOT NULL,
    "TrackId" TEXT NULL,
    "WatchedAreaId" TEXT NULL,
    "ReportedBy" TEXT NOT NULL,
    "SourceKey" TEXT NULL,
    "ResponsePlanId" TEXT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL
, "Pattern" TEXT NULL, "TriggerDetections" TEXT NULL);
CREATE TABLE IF NOT EXISTS "operations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_operations" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL,
    "Participants" TEXT NOT NULL,
    "Objectives" TEXT NOT NULL,
    "AreaGeoJson" TEXT NOT NULL,
    "StartsAt" INTEGER NOT NULL,
    "EndsAt" INTEGER NOT NULL,
    "LegalBasisAgreementId" TEXT NULL,
    "CommsPlan" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "CreatedBy" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "patrol_asset_bookings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_patrol_asset_bookings" PRIMARY KEY,
    "PatrolId" TEXT NOT NULL,
    "AssetId" TEXT NOT NULL,
    "StartsAt" INTEGER NOT NULL,
    "EndsAt" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "patrol_assignments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_patrol_assignments" PRIMARY KEY,
    "PatrolId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "UserAgencyId" TEXT NOT NULL,
    "Duty" TEXT NULL,
    "StartsAt" INTEGER NOT NULL,
    "EndsAt" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "patrols" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_patrols" PRIMARY KEY,
    "OperationId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "AreaGeoJson" TEXT NOT NULL,
    "StartsAt" INTEGER NOT NULL,
    "EndsAt" INTEGER NOT NULL,
    "Countries" TEXT NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL,
    "CreatedBy" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "qualifications" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_qualifications" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "ValidUntil" INTEGER NOT NULL,
    "Evidence" TEXT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "rejected_sensor_messages" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_rejected_sensor_messages" PRIMARY KEY,
    "ReceivedAt" INTEGER NOT NULL,
    "Format" TEXT NOT NULL,
    "Raw" TEXT NOT NULL,
    "Errors" TEXT NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "response_plans" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_response_plans" PRIMARY KEY,
    "IncidentType" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "NotifyAgencies" TEXT NOT NULL,
    "Steps" TEXT NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "sensor_detections" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_sensor_detections" PRIMARY KEY,
    "SensorId" TEXT NOT NULL,
    "SourceUid" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "How" TEXT NULL,
    "Latitude" REAL NOT NULL,
    "Longitude" REAL NOT NULL,
    "Hae" REAL NULL,
    "Ce" REAL NULL,
    "Le" REAL NULL,
    "ObservedAt" INTEGER NOT NULL,
    "StaleAt" INTEGER NULL,
    "ReceivedAt" INTEGER NOT NULL,
    "TrackId" TEXT NOT NULL,
    "SourceKey" TEXT NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "sensor_tracks" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_sensor_tracks" PRIMARY KEY,
    "SourceUid" TEXT NULL,
    "Kind" TEXT NOT NULL,
    "FirstSeen" INTEGER NOT NULL,
    "LastSeen" INTEGER NOT NULL,
    "LastLatitude" REAL NOT NULL,
    "LastLongitude" REAL NOT NULL,
    "DetectionCount" INTEGER NOT NULL,
    "InsideAreas" TEXT NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL
, "LastDetectionId" TEXT NULL, "PatternState" TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS "training_sessions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_training_sessions" PRIMARY KEY,
    "Title" TEXT NOT NULL,
    "HeldAt" INTEGER NOT NULL,
    "Trains" TEXT NULL,
    "ValidForMonths" INTEGER NOT NULL,
    "Participants" TEXT NOT NULL,
    "OperationId" TEXT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "watched_areas" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_watched_areas" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "AreaGeoJson" TEXT NOT NULL,
    "OperationId" TEXT NULL,
    "IncidentType" TEXT NOT NULL,
    "Severity" TEXT NOT NULL,
    "Active" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL
, "CrossingPoints" TEXT NULL, "LoiterMinutes" REAL NOT NULL DEFAULT 10.0, "LoiterRadiusMetres" REAL NOT NULL DEFAULT 200.0, "LowSlowMaxAltitude" REAL NOT NULL DEFAULT 150.0, "LowSlowMaxSpeed" REAL NOT NULL DEFAULT 25.0, "Patterns" INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS "alert_deliveries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_alert_deliveries" PRIMARY KEY AUTOINCREMENT,
    "AlertId" TEXT NOT NULL,
    "SubscriptionId" TEXT NOT NULL,
    "AgencyId" TEXT NOT NULL,
    "UserId" TEXT NULL,
    "Channel" TEXT NOT NULL,
    "IdempotencyKey" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "Redacted" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAt" INTEGER NULL,
    "ClaimedUntil" INTEGER NULL,
    "LastError" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "DeliveredAt" INTEGER NULL
);
CREATE TABLE IF NOT EXISTS "alert_reads" (
    "DeliveryId" INTEGER NOT NULL,
    "UserId" TEXT NOT NULL,
    "ReadAt" INTEGER NOT NULL,
    CONSTRAINT "PK_alert_reads" PRIMARY KEY ("DeliveryId", "UserId")
);
CREATE TABLE IF NOT EXISTS "alert_subscriptions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_alert_subscriptions" PRIMARY KEY,
    "AgencyId" TEXT NOT NULL,
    "UserId" TEXT NULL,
    "Name" TEXT NOT NULL,
    "Kinds" TEXT NOT NULL,
    "Office" TEXT NULL,
    "CommodityPrefix" TEXT NULL,
    "MaxMarking" INTEGER NOT NULL,
    "Purpose" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "WebhookUrl" TEXT NULL,
    "WebhookSecret" TEXT NULL,
    "Active" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CreatedBy" TEXT NOT NULL
, "Band" TEXT NULL, "ReferredTo" TEXT NULL);
CREATE TABLE IF NOT EXISTS "alert_conditions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_alert_conditions" PRIMARY KEY,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Kind" TEXT NULL,
    "Office" TEXT NULL,
    "CommodityPrefix" TEXT NULL,
    "MinQuantity" REAL NULL,
    "Unit" TEXT NULL,
    "MaxMarking" INTEGER NOT NULL,
    "Purpose" TEXT NOT NULL,
    "Severity" TEXT NOT NULL,
    "Active" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CreatedBy" TEXT NOT NULL
, "Band" TEXT NULL);
CREATE TABLE IF NOT EXISTS "sensor_feed_versions" (
    "OwningAgencyId" TEXT NOT NULL CONSTRAINT "PK_sensor_feed_versions" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "Marking" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "federation_agencies" (
    "AgencyId" TEXT NOT NULL CONSTRAINT "PK_federation_agencies" PRIMARY KEY,
    "PartnerId" TEXT NOT NULL,
    "RemoteId" TEXT NULL,
    "RemoteCode" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "federation_agreement_links" (
    "PartnerId" TEXT NOT NULL,
    "AgreementId" TEXT NOT NULL,
    "SentState" TEXT NOT NULL,
    CONSTRAINT "PK_federation_agreement_links" PRIMARY KEY ("PartnerId", "AgreementId")
);
CREATE TABLE IF NOT EXISTS "federation_copies" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_federation_copies" PRIMARY KEY AUTOINCREMENT,
    "PartnerId" TEXT NOT NULL,
    "RecordType" TEXT NOT NULL,
    "OriginRecordId" TEXT NOT NULL,
    "LocalRecordId" TEXT NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "OriginAgencyCode" TEXT NOT NULL,
    "AgreementId" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL,
    "Caveats" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "Payload" TEXT NOT NULL,
    "ReceivedAt" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "federation_inbound" (
    "PartnerId" TEXT NOT NULL CONSTRAINT "PK_federation_inbound" PRIMARY KEY,
    "LastSequence" INTEGER NOT NULL,
    "LastReceivedAt" INTEGER NULL,
    "LastError" TEXT NULL,
    "LastErrorAt" INTEGER NULL
);
CREATE TABLE IF NOT EXISTS "federation_outbox" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_federation_outbox" PRIMARY KEY AUTOINCREMENT,
    "PartnerId" TEXT NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "RecordType" TEXT NULL,
    "RecordId" TEXT NULL,
    "RecordAgencyId" TEXT NULL,
    "AgreementId" TEXT NULL,
    "Body" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "AckedAt" INTEGER NULL
);
CREATE TABLE IF NOT EXISTS "federation_partners" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_federation_partners" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "BaseUrl" TEXT NOT NULL,
    "FederationKey" TEXT NOT NULL,
    "AuditKey" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "OutboxSequence" INTEGER NOT NULL,
    "AckedSequence" INTEGER NOT NULL,
    "LastSentAt" INTEGER NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAt" INTEGER NULL,
    "LastError" TEXT NULL,
    "LastErrorAt" INTEGER NULL
);
CREATE TABLE IF NOT EXISTS "federation_sent" (
    "PartnerId" TEXT NOT NULL,
    "AgreementId" TEXT NOT NULL,
    "RecordType" TEXT NOT NULL,
    "RecordId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "PK_federation_sent" PRIMARY KEY ("PartnerId", "AgreementId", "RecordType", "RecordId")
);
CREATE TABLE IF NOT EXISTS "federation_witnesses" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_federation_witnesses" PRIMARY KEY AUTOINCREMENT,
    "PartnerId" TEXT NOT NULL,
    "TreeSize" INTEGER NOT NULL,
    "RootHash" BLOB NOT NULL,
    "Note" TEXT NOT NULL,
    "Consistent" INTEGER NOT NULL,
    "Problem" TEXT NULL,
    "At" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "risk_model_weeks" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_risk_model_weeks" PRIMARY KEY,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    "ModelVersion" INTEGER NOT NULL,
    "Week" INTEGER NOT NULL,
    "From" TEXT NOT NULL,
    "To" TEXT NOT NULL,
    "Rows" INTEGER NOT NULL,
    "Irregular" INTEGER NOT NULL,
    "PrecisionAt5" REAL NOT NULL,
    "RevenueAt5" REAL NOT NULL,
    "Auc" REAL NOT NULL,
    "MeasuredAt" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "alerts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_alerts" PRIMARY KEY,
    "Band" TEXT NULL,
    "Caveats" INTEGER NOT NULL,
    "ClaimedUntil" INTEGER NULL,
    "Commodity" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "Data" TEXT NOT NULL,
    "DispatchedAt" INTEGER NULL,
    "Key" TEXT NULL,
    "Kind" TEXT NOT NULL,
    "Marking" INTEGER NOT NULL,
    "Office" TEXT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "RaisedBy" TEXT NOT NULL,
    "Recipients" TEXT NULL,
    "RecordId" TEXT NULL,
    "RecordType" TEXT NULL,
    "ReferredTo" TEXT NULL,
    "Severity" TEXT NOT NULL,
    "Summary" TEXT NOT NULL,
    "Title" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "agency_identity_providers" (
    "AgencyId" TEXT NOT NULL CONSTRAINT "PK_agency_identity_providers" PRIMARY KEY,
    "Issuer" TEXT NOT NULL,
    "ClientId" TEXT NOT NULL,
    "ProtectedClientSecret" TEXT NULL,
    "RoleClaim" TEXT NOT NULL,
    "RoleMapping" TEXT NOT NULL,
    "LocalPasswordsDisabled" INTEGER NOT NULL,
    "Enabled" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_agency_identity_providers_agencies_AgencyId" FOREIGN KEY ("AgencyId") REFERENCES "agencies" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "custody_posts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_custody_posts" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "AgencyId" TEXT NOT NULL,
    "Place" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_custody_posts_agencies_AgencyId" FOREIGN KEY ("AgencyId") REFERENCES "agencies" ("Id") ON DELETE RESTRICT
);
CREATE TABLE IF NOT EXISTS "custody_post_holders" (
    "PostId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_custody_post_holders" PRIMARY KEY ("PostId", "UserId"),
    CONSTRAINT "FK_custody_post_holders_custody_posts_PostId" FOREIGN KEY ("PostId") REFERENCES "custody_posts" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_custody_post_holders_users_UserId" FOREIGN KEY ("UserId") REFERENCES "users" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "passenger_manifests" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_passenger_manifests" PRIMARY KEY,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    "Caveats" INTEGER NOT NULL DEFAULT 4,
    "Carrier" TEXT NOT NULL,
    "Transport" TEXT NOT NULL,
    "Mode" TEXT NOT NULL,
    "Vessel" TEXT NULL,
    "List" TEXT NOT NULL,
    "Departure" TEXT NOT NULL,
    "DepartureDate" TEXT NOT NULL,
    "DepartureTime" TEXT NULL,
    "Arrival" TEXT NOT NULL,
    "ArrivalTime" TEXT NULL,
    "Route" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "MessageReference" TEXT NOT NULL,
    "TravellerCount" INTEGER NOT NULL,
    "ContentHash" BLOB NOT NULL,
    "FirstReceivedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "UpdatedBy" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "passenger_manifest_versions" (
    "ManifestId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "MessageReference" TEXT NOT NULL,
    "ContentHash" BLOB NOT NULL,
    "Content" TEXT NOT NULL,
    "ReceivedAt" INTEGER NOT NULL,
    "ReceivedBy" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    CONSTRAINT "PK_passenger_manifest_versions" PRIMARY KEY ("ManifestId", "Version"),
    CONSTRAINT "FK_passenger_manifest_versions_passenger_manifests_ManifestId" FOREIGN KEY ("ManifestId") REFERENCES "passenger_manifests" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "travellers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_travellers" PRIMARY KEY,
    "ManifestId" TEXT NOT NULL,
    "ManifestVersion" INTEGER NOT NULL,
    "Seq" INTEGER NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    "Caveats" INTEGER NOT NULL DEFAULT 4,
    "Carrier" TEXT NOT NULL,
    "Transport" TEXT NOT NULL,
    "DepartureDate" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "Surname" TEXT NOT NULL,
    "GivenNames" TEXT NULL,
    "Gender" TEXT NULL,
    "BirthDate" TEXT NULL,
    "BirthPlace" TEXT NULL,
    "Nationality" TEXT NULL,
    "ResidenceCountry" TEXT NULL,
    "Address" TEXT NULL,
    "Embarkation" TEXT NULL,
    "Debarkation" TEXT NULL,
    "BookingReference" TEXT NULL,
    "Seat" TEXT NULL,
    "Bags" INTEGER NULL, "Action" TEXT NULL, "CheckedAt" INTEGER NULL, "PersonKey" TEXT NULL, "Reasons" TEXT NULL,
    CONSTRAINT "FK_travellers_passenger_manifests_ManifestId" FOREIGN KEY ("ManifestId") REFERENCES "passenger_manifests" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "travel_documents" (
    "TravellerId" TEXT NOT NULL,
    "Seq" INTEGER NOT NULL,
    "Type" TEXT NOT NULL,
    "Number" TEXT NOT NULL,
    "IssuingState" TEXT NULL,
    "Expiry" TEXT NULL,
    CONSTRAINT "PK_travel_documents" PRIMARY KEY ("TravellerId", "Seq"),
    CONSTRAINT "FK_travel_documents_travellers_TravellerId" FOREIGN KEY ("TravellerId") REFERENCES "travellers" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "border_crossings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_border_crossings" PRIMARY KEY,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    "Caveats" INTEGER NOT NULL DEFAULT 4,
    "Kind" TEXT NOT NULL,
    "CrossingPoint" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "Day" TEXT NOT NULL,
    "Officer" TEXT NOT NULL,
    "Purpose" TEXT NULL,
    "RefusalReason" TEXT NULL,
    "Surname" TEXT NOT NULL,
    "GivenNames" TEXT NULL,
    "BirthDate" TEXT NULL,
    "Gender" TEXT NULL,
    "Nationality" TEXT NOT NULL,
    "DocumentType" TEXT NOT NULL,
    "DocumentNumber" TEXT NOT NULL,
    "DocumentIssuingState" TEXT NULL,
    "DocumentExpiry" TEXT NULL,
    "PersonKey" TEXT NOT NULL,
    "TravellerId" TEXT NULL,
    "Source" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "lost_document_lists" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_lost_document_lists" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    "ActiveVersion" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "lost_document_list_versions" (
    "ListId" TEXT NOT NULL,
    "Number" INTEGER NOT NULL,
    "ContentHash" TEXT NOT NULL,
    "Edition" TEXT NOT NULL,
    "ImportedAt" INTEGER NOT NULL,
    "ImportedBy" TEXT NOT NULL,
    "EntryCount" INTEGER NOT NULL,
    "Added" INTEGER NOT NULL,
    "Changed" INTEGER NOT NULL,
    "Removed" INTEGER NOT NULL,
    CONSTRAINT "PK_lost_document_list_versions" PRIMARY KEY ("ListId", "Number"),
    CONSTRAINT "FK_lost_document_list_versions_lost_document_lists_ListId" FOREIGN KEY ("ListId") REFERENCES "lost_document_lists" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "lost_documents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_lost_documents" PRIMARY KEY AUTOINCREMENT,
    "ListId" TEXT NOT NULL,
    "Number" TEXT NOT NULL,
    "IssuingState" TEXT NOT NULL,
    "Type" TEXT NULL,
    "Status" TEXT NOT NULL,
    "ReportedOn" TEXT NULL,
    "AddedInVersion" INTEGER NOT NULL,
    "ChangedInVersion" INTEGER NOT NULL,
    "RemovedInVersion" INTEGER NULL,
    CONSTRAINT "FK_lost_documents_lost_document_lists_ListId" FOREIGN KEY ("ListId") REFERENCES "lost_document_lists" ("Id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "trade_message_outbox" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_trade_message_outbox" PRIMARY KEY,
    "OwningAgencyId" TEXT NOT NULL,
    "Marking" TEXT NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "Recipient" TEXT NOT NULL,
    "InterchangeReference" TEXT NOT NULL,
    "MessageReference" TEXT NULL,
    "DeclarationNumber" TEXT NULL,
    "DeclarationId" TEXT NULL,
    "AnswerKey" TEXT NOT NULL,
    "Content" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL
);
DELETE FROM sqlite_sequence;
CREATE UNIQUE INDEX "IX_agencies_Code" ON "agencies" ("Code");
CREATE INDEX "IX_api_keys_AgencyId" ON "api_keys" ("AgencyId");
CREATE UNIQUE INDEX "IX_api_keys_Prefix" ON "api_keys" ("Prefix");
CREATE INDEX "IX_users_AgencyId" ON "users" ("AgencyId");
CREATE UNIQUE INDEX "IX_users_UserName" ON "users" ("UserName");
CREATE INDEX "IX_break_glass_accesses_OwningAgencyId_At" ON "break_glass_accesses" ("OwningAgencyId", "At");
CREATE INDEX "IX_jobs_OwningAgencyId_CreatedAt" ON "jobs" ("OwningAgencyId", "CreatedAt");
CREATE INDEX "IX_jobs_Status_CreatedAt" ON "jobs" ("Status", "CreatedAt");
CREATE INDEX "IX_sharing_agreement_versions_AgreementId_Version" ON "sharing_agreement_versions" ("AgreementId", "Version");
CREATE INDEX "IX_sharing_agreements_ProviderAgencyId_RecipientAgencyId" ON "sharing_agreements" ("ProviderAgencyId", "RecipientAgencyId");
CREATE INDEX "IX_sharing_agreements_RecipientAgencyId" ON "sharing_agreements" ("RecipientAgencyId");
CREATE UNIQUE INDEX "IX_risk_criteria_OwningAgencyId_Name" ON "risk_criteria" ("OwningAgencyId", "Name");
CREATE INDEX "IX_risk_criteria_OwningAgencyId_Status" ON "risk_criteria" ("OwningAgencyId", "Status");
CREATE UNIQUE INDEX "IX_risk_criterion_versions_CriterionId_Version" ON "risk_criterion_versions" ("CriterionId", "Version");
CREATE UNIQUE INDEX "IX_audit_checkpoints_TreeSize" ON "audit_checkpoints" ("TreeSize");
CREATE INDEX "IX_audit_entries_Action" ON "audit_entries" ("Action");
CREATE INDEX "IX_audit_entries_ActorAgencyId" ON "audit_entries" ("ActorAgencyId");
CREATE INDEX "IX_audit_entries_ActorName" ON "audit_entries" ("ActorName");
CREATE INDEX "IX_audit_entries_RecordAgencyId" ON "audit_entries" ("RecordAgencyId");
CREATE INDEX "IX_audit_entries_RecordType_RecordId" ON "audit_entries" ("RecordType", "RecordId");
CREATE INDEX "IX_audit_entries_Time" ON "audit_entries" ("Time");
CREATE INDEX "IX_list_entry_changes_ListId_VersionNumber" ON "list_entry_changes" ("ListId", "VersionNumber");
CREATE INDEX "IX_listed_entities_ListId_RemovedInVersion" ON "listed_entities" ("ListId", "RemovedInVersion");
CREATE UNIQUE INDEX "IX_listed_entities_ListId_SourceId" ON "listed_entities" ("ListId", "SourceId");
CREATE UNIQUE INDEX "IX_watch_list_versions_ListId_Number" ON "watch_list_versions" ("ListId", "Number");
CREATE UNIQUE INDEX "IX_watch_lists_Name" ON "watch_lists" ("Name");
CREATE INDEX "IX_consignment_containers_ContainerNumber" ON "consignment_containers" ("ContainerNumber");
CREATE INDEX "IX_declaration_items_HsCode" ON "declaration_items" ("HsCode");
CREATE INDEX "IX_declarations_ImporterCode" ON "declarations" ("ImporterCode");
CREATE INDEX "IX_declarations_LodgedOn" ON "declarations" ("LodgedOn");
CREATE UNIQUE INDEX "IX_declarations_Office_Declarant_Number" ON "declarations" ("Office", "Declarant", "Number");
CREATE INDEX "IX_declarations_Office_LodgedOn" ON "declarations" ("Office", "LodgedOn");
CREATE INDEX "IX_pre_arrival_consignments_ExpectedArrival" ON "pre_arrival_consignments" ("ExpectedArrival");
CREATE UNIQUE INDEX "IX_pre_arrival_consignments_Office_Filer_Reference" ON "pre_arrival_consignments" ("Office", "Filer", "Reference");
CREATE UNIQUE INDEX "IX_quarantined_records_OwningAgencyId_Kind_RawHash" ON "quarantined_records" ("OwningAgencyId", "Kind", "RawHash");
CREATE INDEX "IX_quarantined_records_OwningAgencyId_ResolvedAt" ON "quarantined_records" ("OwningAgencyId", "ResolvedAt");
CREATE INDEX "IX_screening_backlog_OwningAgencyId_QueuedAt" ON "screening_backlog" ("OwningAgencyId", "QueuedAt");
CREATE UNIQUE INDEX "IX_screening_dismissals_OwningAgencyId_PartyKey_EntityId" ON "screening_dismissals" ("OwningAgencyId", "PartyKey", "EntityId");
CREATE INDEX "IX_screening_hits_EntityId" ON "screening_hits" ("EntityId");
CREATE INDEX "IX_screening_hits_OwningAgencyId_Status_CreatedAt" ON "screening_hits" ("OwningAgencyId", "Status", "CreatedAt");
CREATE INDEX "IX_screening_hits_PartyKey_EntityId" ON "screening_hits" ("PartyKey", "EntityId");
CREATE UNIQUE INDEX "IX_screening_hits_RecordId_PartyRole_EntityId" ON "screening_hits" ("RecordId", "PartyRole", "EntityId");
CREATE UNIQUE INDEX "IX_lane_decisions_DeclarationId" ON "lane_decisions" ("DeclarationId");
CREATE INDEX "IX_lane_decisions_OwningAgencyId_Lane_LodgedOn" ON "lane_decisions" ("OwningAgencyId", "Lane", "LodgedOn");
CREATE INDEX "IX_lane_decisions_OwningAgencyId_Office_LodgedOn" ON "lane_decisions" ("OwningAgencyId", "Office", "LodgedOn");
CREATE INDEX "IX_risk_models_OwningAgencyId_Active" ON "risk_models" ("OwningAgencyId", "Active");
CREATE UNIQUE INDEX "IX_risk_models_OwningAgencyId_Version" ON "risk_models" ("OwningAgencyId", "Version");
CREATE INDEX "IX_case_notes_CaseId" ON "case_notes" ("CaseId");
CREATE INDEX "IX_case_persons_CaseId" ON "case_persons" ("CaseId");
CREATE INDEX "IX_case_tasks_CaseId" ON "case_tasks" ("CaseId");
CREATE INDEX "IX_cases_OwningAgencyId" ON "cases" ("OwningAgencyId");
CREATE UNIQUE INDEX "IX_cases_Reference" ON "cases" ("Reference");
CREATE UNIQUE INDEX "IX_custody_events_SeizureId_Sequence" ON "custody_events" ("SeizureId", "Sequence");
CREATE INDEX "IX_inspections_CaseId" ON "inspections" ("CaseId");
CREATE INDEX "IX_inspections_DeclarationId" ON "inspections" ("DeclarationId");
CREATE INDEX "IX_inspections_OwningAgencyId_Status" ON "inspections" ("OwningAgencyId", "Status");
CREATE UNIQUE INDEX "IX_inspections_Reference" ON "inspections" ("Reference");
CREATE UNIQUE INDEX "IX_legal_steps_SeizureId_Sequence" ON "legal_steps" ("SeizureId", "Sequence");
CREATE INDEX "IX_penalties_SeizureId" ON "penalties" ("SeizureId");
CREATE INDEX "IX_security_bonds_SeizureId" ON "security_bonds" ("SeizureId");
CREATE UNIQUE INDEX "IX_seizure_attachments_SeizureId_Sha256" ON "seizure_attachments" ("SeizureId", "Sha256");
CREATE INDEX "IX_seizures_CaseId" ON "seizures" ("CaseId");
CREATE INDEX "IX_seizures_OwningAgencyId_SeizedAt" ON "seizures" ("OwningAgencyId", "SeizedAt");
CREATE UNIQUE INDEX "IX_seizures_Reference" ON "seizures" ("Reference");
CREATE UNIQUE INDEX "IX_assets_Code" ON "assets" ("Code");
CREATE INDEX "IX_incident_tasks_DoneAt_EscalatedAt_DueAt" ON "incident_tasks" ("DoneAt", "EscalatedAt", "DueAt");
CREATE INDEX "IX_incident_tasks_IncidentId" ON "incident_tasks" ("IncidentId");
CREATE INDEX "IX_incident_updates_IncidentId_At" ON "incident_updates" ("IncidentId", "At");
CREATE INDEX "IX_incidents_OperationId" ON "incidents" ("OperationId");
CREATE UNIQUE INDEX "IX_incidents_OwningAgencyId_SourceKey" ON "incidents" ("OwningAgencyId", "SourceKey");
CREATE INDEX "IX_incidents_ReportedAt" ON "incidents" ("ReportedAt");
CREATE INDEX "IX_operations_OwningAgencyId" ON "operations" ("OwningAgencyId");
CREATE INDEX "IX_patrol_asset_bookings_AssetId_StartsAt" ON "patrol_asset_bookings" ("AssetId", "StartsAt");
CREATE INDEX "IX_patrol_asset_bookings_PatrolId" ON "patrol_asset_bookings" ("PatrolId");
CREATE INDEX "IX_patrol_assignments_PatrolId" ON "patrol_assignments" ("PatrolId");
CREATE INDEX "IX_patrol_assignments_UserId_StartsAt" ON "patrol_assignments" ("UserId", "StartsAt");
CREATE INDEX "IX_patrols_OperationId" ON "patrols" ("OperationId");
CREATE INDEX "IX_qualifications_UserId_Kind" ON "qualifications" ("UserId", "Kind");
CREATE INDEX "IX_rejected_sensor_messages_OwningAgencyId_ReceivedAt" ON "rejected_sensor_messages" ("OwningAgencyId", "ReceivedAt");
CREATE UNIQUE INDEX "IX_response_plans_OwningAgencyId_IncidentType" ON "response_plans" ("OwningAgencyId", "IncidentType");
CREATE UNIQUE INDEX "IX_sensor_detections_OwningAgencyId_SourceKey" ON "sensor_detections" ("OwningAgencyId", "SourceKey");
CREATE INDEX "IX_sensor_detections_ReceivedAt" ON "sensor_detections" ("ReceivedAt");
CREATE INDEX "IX_sensor_detections_TrackId_ObservedAt" ON "sensor_detections" ("TrackId", "ObservedAt");
CREATE INDEX "IX_sensor_tracks_OwningAgencyId_LastSeen" ON "sensor_tracks" ("OwningAgencyId", "LastSeen");
CREATE INDEX "IX_training_sessions_HeldAt" ON "training_sessions" ("HeldAt");
CREATE INDEX "IX_watched_areas_OwningAgencyId" ON "watched_areas" ("OwningAgencyId");
CREATE INDEX "IX_alert_deliveries_AgencyId_UserId_Id" ON "alert_deliveries" ("AgencyId", "UserId", "Id");
CREATE UNIQUE INDEX "IX_alert_deliveries_AlertId_SubscriptionId" ON "alert_deliveries" ("AlertId", "SubscriptionId");
CREATE INDEX "IX_alert_deliveries_Channel_Status_NextAttemptAt" ON "alert_deliveries" ("Channel", "Status", "NextAttemptAt");
CREATE UNIQUE INDEX "IX_alert_deliveries_IdempotencyKey" ON "alert_deliveries" ("IdempotencyKey");
CREATE INDEX "IX_alert_deliveries_SubscriptionId_Status" ON "alert_deliveries" ("SubscriptionId", "Status");
CREATE INDEX "IX_alert_reads_UserId" ON "alert_reads" ("UserId");
CREATE INDEX "IX_alert_subscriptions_AgencyId_UserId" ON "alert_subscriptions" ("AgencyId", "UserId");
CREATE INDEX "IX_alert_conditions_OwningAgencyId_Active" ON "alert_conditions" ("OwningAgencyId", "Active");
CREATE INDEX "IX_sensor_detections_OwningAgencyId_ObservedAt" ON "sensor_detections" ("OwningAgencyId", "ObservedAt");
CREATE UNIQUE INDEX "IX_federation_agencies_PartnerId_RemoteCode" ON "federation_agencies" ("PartnerId", "RemoteCode");
CREATE INDEX "IX_federation_copies_LocalRecordId" ON "federation_copies" ("LocalRecordId");
CREATE UNIQUE INDEX "IX_federation_copies_PartnerId_RecordType_OriginRecordId" ON "federation_copies" ("PartnerId", "RecordType", "OriginRecordId");
CREATE UNIQUE INDEX "IX_federation_outbox_PartnerId_Sequence" ON "federation_outbox" ("PartnerId", "Sequence");
CREATE UNIQUE INDEX "IX_federation_partners_Name" ON "federation_partners" ("Name");
CREATE INDEX "IX_federation_witnesses_PartnerId_Id" ON "federation_witnesses" ("PartnerId", "Id");
CREATE UNIQUE INDEX "IX_risk_model_weeks_OwningAgencyId_ModelVersion_Week" ON "risk_model_weeks" ("OwningAgencyId", "ModelVersion", "Week");
CREATE INDEX "IX_pre_arrival_consignments_OwningAgencyId_Marking_Caveats" ON "pre_arrival_consignments" ("OwningAgencyId", "Marking", "Caveats");
CREATE INDEX "IX_declarations_OwningAgencyId_Marking_Caveats" ON "declarations" ("OwningAgencyId", "Marking", "Caveats");
CREATE INDEX "IX_alerts_CreatedAt" ON "alerts" ("CreatedAt");
CREATE INDEX "IX_alerts_DispatchedAt_CreatedAt" ON "alerts" ("DispatchedAt", "CreatedAt");
CREATE UNIQUE INDEX "IX_alerts_Key" ON "alerts" ("Key");
CREATE INDEX "IX_alerts_OwningAgencyId_Marking" ON "alerts" ("OwningAgencyId", "Marking");
CREATE UNIQUE INDEX "IX_users_ExternalIssuer_ExternalSubject" ON "users" ("ExternalIssuer", "ExternalSubject");
CREATE UNIQUE INDEX "IX_agency_identity_providers_Issuer" ON "agency_identity_providers" ("Issuer");
CREATE INDEX "IX_custody_post_holders_UserId" ON "custody_post_holders" ("UserId");
CREATE INDEX "IX_custody_posts_AgencyId" ON "custody_posts" ("AgencyId");
CREATE UNIQUE INDEX "IX_custody_posts_Name" ON "custody_posts" ("Name");
CREATE INDEX "IX_passenger_manifest_versions_ManifestId_MessageReference" ON "passenger_manifest_versions" ("ManifestId", "MessageReference");
CREATE UNIQUE INDEX "IX_passenger_manifests_Carrier_Transport_DepartureDate_Departure_Arrival_List" ON "passenger_manifests" ("Carrier", "Transport", "DepartureDate", "Departure", "Arrival", "List");
CREATE INDEX "IX_passenger_manifests_DepartureDate" ON "passenger_manifests" ("DepartureDate");
CREATE INDEX "IX_passenger_manifests_OwningAgencyId_Marking_Caveats" ON "passenger_manifests" ("OwningAgencyId", "Marking", "Caveats");
CREATE INDEX "IX_travel_documents_Number_IssuingState" ON "travel_documents" ("Number", "IssuingState");
CREATE UNIQUE INDEX "IX_travellers_ManifestId_Seq" ON "travellers" ("ManifestId", "Seq");
CREATE INDEX "IX_travellers_OwningAgencyId_Marking_Caveats" ON "travellers" ("OwningAgencyId", "Marking", "Caveats");
CREATE INDEX "IX_travellers_Surname_BirthDate" ON "travellers" ("Surname", "BirthDate");
CREATE INDEX "IX_travellers_ManifestId_Action" ON "travellers" ("ManifestId", "Action");
CREATE INDEX "IX_travellers_PersonKey" ON "travellers" ("PersonKey");
CREATE INDEX "IX_border_crossings_CrossingPoint_At" ON "border_crossings" ("CrossingPoint", "At");
CREATE INDEX "IX_border_crossings_DocumentNumber_DocumentIssuingState" ON "border_crossings" ("DocumentNumber", "DocumentIssuingState");
CREATE INDEX "IX_border_crossings_OwningAgencyId_Marking_Caveats" ON "border_crossings" ("OwningAgencyId", "Marking", "Caveats");
CREATE INDEX "IX_border_crossings_PersonKey_At" ON "border_crossings" ("PersonKey", "At");
CREATE UNIQUE INDEX "IX_lost_document_lists_Name" ON "lost_document_lists" ("Name");
CREATE UNIQUE INDEX "IX_lost_documents_ListId_IssuingState_Number" ON "lost_documents" ("ListId", "IssuingState", "Number");
CREATE INDEX "IX_lost_documents_Number_IssuingState" ON "lost_documents" ("Number", "IssuingState");
CREATE UNIQUE INDEX "IX_trade_message_outbox_OwningAgencyId_AnswerKey" ON "trade_message_outbox" ("OwningAgencyId", "AnswerKey");
CREATE UNIQUE INDEX "IX_trade_message_outbox_OwningAgencyId_Sequence" ON "trade_message_outbox" ("OwningAgencyId", "Sequence");
COMMIT;
