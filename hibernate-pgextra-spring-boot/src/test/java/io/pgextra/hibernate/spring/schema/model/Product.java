package io.pgextra.hibernate.spring.schema.model;

import java.util.Map;

import io.pgextra.hibernate.hstore.HStoreRequired;
import io.pgextra.hibernate.hstore.HStoreUnique;
import io.pgextra.hibernate.hstore.MutableHStoreType;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import org.hibernate.annotations.Type;

@Entity
public class Product {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Type(MutableHStoreType.class)
	@HStoreUnique("en")
	@HStoreRequired("en")
	private Map<String, String> name;

	protected Product() {
	}

	public Product(Map<String, String> name) {
		this.name = name;
	}

	public Long getId() {
		return id;
	}
}
