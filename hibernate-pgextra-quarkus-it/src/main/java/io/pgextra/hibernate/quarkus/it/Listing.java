package io.pgextra.hibernate.quarkus.it;

import java.util.Map;

import io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType;
import io.pgextra.hibernate.hstore.HStoreUnique;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Type;

/**
 * An hstore column mapped as README recommends (Hypersistence Utils' {@code PostgreSQLHStoreType}), with one unique
 * key: its index {@code qit_listing_attributes_unique_ean} comes from Quarkus's schema management.
 */
@Entity
@Table(name = "qit_listing")
public class Listing {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Type(PostgreSQLHStoreType.class)
	@Column(columnDefinition = "hstore")
	@HStoreUnique("ean")
	public Map<String, String> attributes;
}
