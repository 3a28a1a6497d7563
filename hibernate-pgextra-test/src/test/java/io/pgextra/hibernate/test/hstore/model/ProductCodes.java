package io.pgextra.hibernate.test.hstore.model;

import java.util.Map;

import io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType;
import io.pgextra.hibernate.hstore.HStoreRequired;
import io.pgextra.hibernate.hstore.HStoreUnique;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import org.hibernate.annotations.Type;

@Embeddable
public class ProductCodes {
	@Type(PostgreSQLHStoreType.class)
	@Column(name = "product_codes", columnDefinition = "hstore")
	@HStoreUnique("sku")
	@HStoreRequired("sku")
	public Map<String, String> values;
}
