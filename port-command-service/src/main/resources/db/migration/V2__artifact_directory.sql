-- The lookup table behind set validation: one row per live send port or send port group, written in the same
-- transaction as the artifact's events. The unique name makes names unique across ports and groups; rules that
-- span artifacts lock these rows (groups before ports) before they decide.
CREATE TABLE command.artifact (
    artifact_id   VARCHAR(64)  PRIMARY KEY,
    name          VARCHAR(256) NOT NULL UNIQUE,
    kind          VARCHAR(16)  NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    application   VARCHAR(256) NOT NULL,
    dynamic       BOOLEAN      NOT NULL,
    two_way       BOOLEAN      NOT NULL,
    version       BIGINT       NOT NULL,
    configuration TEXT         NOT NULL
);

CREATE TABLE command.membership (
    group_id VARCHAR(64) NOT NULL REFERENCES command.artifact (artifact_id) ON DELETE CASCADE,
    port_id  VARCHAR(64) NOT NULL REFERENCES command.artifact (artifact_id),
    position BIGINT      NOT NULL,
    PRIMARY KEY (group_id, port_id)
);

CREATE INDEX membership_by_port ON command.membership (port_id);
