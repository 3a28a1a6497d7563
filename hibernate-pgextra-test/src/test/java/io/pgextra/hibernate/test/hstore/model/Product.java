package io.pgextra.hibernate.test.hstore.model;

import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** An hstore attribute inside an embeddable. */
@Entity
public class Product {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Embedded
	public ProductCodes codes = new ProductCodes();

	public Product() {
	}
}
