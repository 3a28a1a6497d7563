package io.pgextra.hibernate.test.conflict.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

import org.hibernate.annotations.Filter;
import org.hibernate.annotations.FilterDef;

/** An entity with a filter that also applies to loads by key (find). */
@Entity
@FilterDef(name = "visible", defaultCondition = "label <> 'hidden'", applyToLoadByKey = true)
@Filter(name = "visible")
public class FilteredTag {
	@Id
	@GeneratedValue
	public Long id;

	@Column(unique = true, nullable = false)
	public String name;

	public String label;
}
