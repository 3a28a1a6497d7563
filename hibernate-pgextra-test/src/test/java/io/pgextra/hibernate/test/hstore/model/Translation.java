package io.pgextra.hibernate.test.hstore.model;

import java.util.Map;

import io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType;
import io.pgextra.hibernate.hstore.HStoreUnique;
import io.pgextra.hibernate.hstore.MutableHStoreType;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import org.hibernate.annotations.Type;

/**
 * The seed's conflict-target models in one entity: {@code name = HStoreField(uniqueness=['en'])} and
 * {@code title = HStoreField(uniqueness=[('en', 'ar')])}; {@code tags} is mapped with our own type and no column
 * definition.
 */
@Entity
public class Translation {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Type(PostgreSQLHStoreType.class)
	@Column(columnDefinition = "hstore")
	@HStoreUnique("en")
	public Map<String, String> name;

	@Type(PostgreSQLHStoreType.class)
	@Column(columnDefinition = "hstore")
	@HStoreUnique({ "en", "ar" })
	public Map<String, String> title;

	@Type(MutableHStoreType.class)
	public Map<String, String> tags;

	public String note;

	public Translation() {
	}
}
