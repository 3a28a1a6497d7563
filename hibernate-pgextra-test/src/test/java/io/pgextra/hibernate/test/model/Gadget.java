package io.pgextra.hibernate.test.model;

import java.util.UUID;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/** A UUID id, an embedded value, a many-to-one, and a unique constraint over a foreign key and a column. */
@Entity
@Table(uniqueConstraints = @UniqueConstraint(name = "uk_gadget_category_sku", columnNames = { "category_id", "sku" }))
public class Gadget {
	@Id
	@GeneratedValue(strategy = GenerationType.UUID)
	public UUID id;

	public String sku;

	@Embedded
	@AttributeOverride(name = "width", column = @Column(name = "dim_w"))
	public Dimensions dimensions;

	@ManyToOne
	public Category category;

	public String color;
}
