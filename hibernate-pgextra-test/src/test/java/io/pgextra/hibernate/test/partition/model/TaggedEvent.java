package io.pgextra.hibernate.test.partition.model;

import java.util.Map;

import io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType;
import io.pgextra.hibernate.hstore.HStoreUnique;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Type;

/** An hstore unique key declared on a table that a migration partitioned: PostgreSQL cannot enforce it. */
@Entity
@Table(name = "tagged_events")
public class TaggedEvent {
	@Id
	public Long id;

	public String tenant;

	@Type(PostgreSQLHStoreType.class)
	@Column(columnDefinition = "hstore")
	@HStoreUnique("sku")
	public Map<String, String> attrs;
}
