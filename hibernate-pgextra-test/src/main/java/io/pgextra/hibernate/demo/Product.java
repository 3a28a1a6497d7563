package io.pgextra.hibernate.demo;

import java.util.HashMap;
import java.util.Map;

import io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType;
import io.pgextra.hibernate.hstore.HStoreRequired;
import io.pgextra.hibernate.hstore.HStoreUnique;

import org.hibernate.annotations.Type;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** The demo's hstore entity: a name per language, unique per English name, English required. */
@Entity
public class Product {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Type(PostgreSQLHStoreType.class)
	@Column(columnDefinition = "hstore")
	@HStoreUnique("en")
	@HStoreRequired("en")
	public Map<String, String> name = new HashMap<>();

	@Override
	public String toString() {
		return "Product[id=" + id + ", name=" + name + "]";
	}
}
