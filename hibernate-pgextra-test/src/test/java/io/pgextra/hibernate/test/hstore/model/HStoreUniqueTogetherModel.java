package io.pgextra.hibernate.test.hstore.model;

import java.util.Map;

import io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType;
import io.pgextra.hibernate.hstore.HStoreUnique;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import org.hibernate.annotations.Type;

/** The seed's {@code myfield = HStoreField(uniqueness=[('key1', 'key2'), 'key3'])}. */
@Entity
public class HStoreUniqueTogetherModel {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Type(PostgreSQLHStoreType.class)
	@Column(columnDefinition = "hstore")
	@HStoreUnique({ "key1", "key2" })
	@HStoreUnique("key3")
	public Map<String, String> myfield;

	public HStoreUniqueTogetherModel() {
	}

	public HStoreUniqueTogetherModel(Map<String, String> myfield) {
		this.myfield = myfield;
	}
}
